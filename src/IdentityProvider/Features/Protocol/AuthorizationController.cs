using System.Security.Claims;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>
/// The passthrough endpoints. OpenIddict has validated the protocol (client, redirect URI, PKCE, scopes)
/// before these actions run; they decide who the user is, which organisation the session acts for and
/// which claims the tokens carry.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AuthorizationController(
    ApplicationDbContext db,
    IOpenIddictApplicationManager applications,
    ClientRules clientRules,
    TimeProvider clock) : Controller
{
    // Resolved when a user is involved: a client_credentials request needs neither (both are costly to build).
    private UserManager<ApplicationUser> Users => HttpContext.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();

    private SignInManager<ApplicationUser> SignInManager => HttpContext.RequestServices.GetRequiredService<SignInManager<ApplicationUser>>();

    private BackChannelLogout BackChannelLogout => HttpContext.RequestServices.GetRequiredService<BackChannelLogout>();

    [HttpGet("~/connect/authorize"), HttpPost("~/connect/authorize"), IgnoreAntiforgeryToken]
    public async Task<IActionResult> Authorize(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || request.HasPromptValue(PromptValues.Login) || SessionTooOld(request, session, clock.GetUtcNow()))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not logged in.");
            }

            return Challenge(
                new AuthenticationProperties { RedirectUri = ReturnUrlWithoutLoginPrompt() },
                IdentityConstants.ApplicationScheme);
        }

        var user = await Users.GetUserAsync(session.Principal);
        if (user is null || !await SignInManager.CanSignInAsync(user))
        {
            return Challenge(
                new AuthenticationProperties { RedirectUri = ReturnUrlWithoutLoginPrompt() },
                IdentityConstants.ApplicationScheme);
        }

        var clientId = request.ClientId!;
        var roleRequired = await clientRules.RoleRequiredAsync(clientId, cancellationToken);

        if (request["decision"]?.ToString() == "return")
        {
            return Refuse(Errors.AccessDenied, "The user holds no role for this application.");
        }

        var scopes = request.GetScopes();
        OrganisationContext? organisation = null;
        if (scopes.Contains(IhkClaims.OrganisationScope) || roleRequired)
        {
            var memberships = await db.ForUserAsync(user.Id, clientId, cancellationToken);
            switch (OrganisationChoice.From(memberships, request[IhkClaims.OrganisationHint]?.ToString()))
            {
                case OrganisationChoice.Chosen chosen:
                    organisation = chosen.Organisation;
                    break;
                case OrganisationChoice.Ambiguous when request.HasPromptValue(PromptValues.None):
                    return Refuse(Errors.AccountSelectionRequired, "The user must choose an organisation.");
                case OrganisationChoice.Ambiguous:
                    return Redirect("/connect/authorize/organisation" + QueryString.Create(request.GetParameters()
                        .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))));
            }
        }

        if (roleRequired && organisation?.HasRoles != true)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.AccessDenied, "The user holds no role for this application.");
            }

            return Redirect("/connect/authorize/no-role" + QueryString.Create(request.GetParameters()
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))));
        }

        // The provider session this login belongs to: the ID token names it (sid), back-channel logout finds the client by it.
        var sessionId = ProviderSession.IdOf(session.Properties);
        if (sessionId is not null)
        {
            await BackChannelLogout.RecordSignInAsync(sessionId, user.Id, clientId, cancellationToken);
        }

        var principal = TokenPrincipalFactory.ForUser(user, scopes, organisation, sessionId);

        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    [HttpPost("~/connect/token"), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> Exchange(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
                ?? throw new InvalidOperationException("The client application cannot be found.");
            var principal = TokenPrincipalFactory.ForClient(
                request.ClientId!, await applications.GetDisplayNameAsync(application, cancellationToken), request.GetScopes());
            return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var previous = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
            var user = await Users.FindByIdAsync(previous.GetClaim(Claims.Subject)!);
            if (user is null || !await SignInManager.CanSignInAsync(user) || await Users.IsLockedOutAsync(user)
                || previous.GetClaim(IhkClaims.SecurityStamp) != user.SecurityStamp)
            {
                return Refuse(Errors.InvalidGrant, "The token is no longer valid.");
            }

            // Roles are read again on every exchange, so a withdrawn role is gone with the next refresh.
            var scopes = previous.GetScopes();
            var clientId = request.ClientId!;
            var memberships = await db.ForUserAsync(user.Id, clientId, cancellationToken);
            var organisation = memberships.FirstOrDefault(m => m.OrganisationId.ToString() == previous.GetClaim(IhkClaims.OrganisationId));

            if (await clientRules.RoleRequiredAsync(clientId, cancellationToken) && organisation?.HasRoles != true)
            {
                return Refuse(Errors.InvalidGrant, "The user no longer holds a role for this application.");
            }

            var principal = TokenPrincipalFactory.ForUser(user, scopes, organisation, previous.GetClaim(IhkClaims.SessionId));
            principal.SetResources(previous.GetResources());
            principal.SetAuthorizationId(previous.GetAuthorizationId());
            return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    [Authorize(AuthenticationSchemes = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)]
    [HttpGet("~/connect/userinfo"), HttpPost("~/connect/userinfo"), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> UserInfo(CancellationToken cancellationToken)
    {
        var token = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
        var user = await Users.FindByIdAsync(token.GetClaim(Claims.Subject) ?? string.Empty);
        if (user is null || !await SignInManager.CanSignInAsync(user))
        {
            return Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user no longer exists.",
                }),
                OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var clientId = token.GetPresenters().FirstOrDefault() ?? token.GetClaim(Claims.ClientId) ?? string.Empty;
        var memberships = await db.ForUserAsync(user.Id, clientId, cancellationToken);
        var organisation = memberships.FirstOrDefault(m => m.OrganisationId.ToString() == token.GetClaim(IhkClaims.OrganisationId));
        return Ok(TokenPrincipalFactory.UserInfo(TokenPrincipalFactory.ForUser(user, token.GetScopes(), organisation)));
    }

    [HttpGet("~/connect/endsession"), HttpPost("~/connect/endsession"), IgnoreAntiforgeryToken]
    public async Task<IActionResult> EndSession(CancellationToken cancellationToken)
    {
        // OpenIddict has checked post_logout_redirect_uri against the client's registration (no open redirect).
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var hint = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var initiatingClient = HttpContext.GetOpenIddictServerRequest()?.ClientId
            ?? hint.Principal?.GetAudiences().FirstOrDefault();
        await SignInManager.SignOutAsync();
        if (session.Succeeded && ProviderSession.IdOf(session.Properties) is { } sessionId && Users.GetUserId(session.Principal!) is { } userId)
        {
            await BackChannelLogout.SessionEndedAsync(userId, sessionId, initiatingClient, cancellationToken);
        }

        return SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static bool SessionTooOld(OpenIddictRequest request, AuthenticateResult session, DateTimeOffset now) =>
        request.MaxAge is { } maxAge && session.Properties?.IssuedUtc is { } issued
        && now - issued > TimeSpan.FromSeconds(maxAge);

    /// <summary>After the login page the request comes back here; prompt=login must not send the user round again.</summary>
    private string ReturnUrlWithoutLoginPrompt()
    {
        var parameters = Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList();
        var kept = parameters
            .Where(p => p.Key != Parameters.Prompt && p.Key != Parameters.MaxAge)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));
        return Request.PathBase + Request.Path + QueryString.Create(kept);
    }
}
