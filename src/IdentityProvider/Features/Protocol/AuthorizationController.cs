using System.Security.Claims;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol.Authorize;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Consent;
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
/// which claims the tokens carry. End session has its own controller (<c>EndSession/EndSessionController</c>).
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

    private LoginDemand Demands => HttpContext.RequestServices.GetRequiredService<LoginDemand>();

    private ConsentStep Consent => HttpContext.RequestServices.GetRequiredService<ConsentStep>();

    private BackChannelLogout BackChannelLogout => HttpContext.RequestServices.GetRequiredService<BackChannelLogout>();

    [HttpGet("~/connect/authorize"), HttpPost("~/connect/authorize"), IgnoreAntiforgeryToken]
    public async Task<IActionResult> Authorize(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        // OIDC Core §3.1.2.2: OpenIddict has checked the hint's signature, issuer and audience (an expired one counts);
        // only an ID token issued to a person names someone who can log in.
        ApplicationUser? hinted = null;
        if (!string.IsNullOrEmpty(request.IdTokenHint))
        {
            var hint = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            hinted = hint.Principal?.GetClaim(Claims.Subject) is { } hintedId ? await Users.FindByIdAsync(hintedId) : null;
            if (hinted is null)
            {
                return Refuse(Errors.InvalidRequest, "The id_token_hint does not name a user.");
            }
        }

        var now = clock.GetUtcNow();
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await Users.GetUserAsync(session.Principal) : null;
        if (user is not null && !await SignInManager.CanSignInAsync(user))
        {
            user = null;
        }

        var authTime = session.Succeeded ? ProviderSession.AuthTimeOf(session.Properties) ?? session.Properties?.IssuedUtc : null;
        var loginNeeded = user is null
            || (hinted is not null && hinted.Id != user.Id)
            || LoginDemand.LoginNeeded(
                request.HasPromptValue(PromptValues.Login), request.MaxAge, authTime, Demands.DemandedAt(request), now);
        if (loginNeeded || user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user must log in.");
            }

            return Challenge(
                new AuthenticationProperties { RedirectUri = ReturnUrlAfterLogin(now, hinted?.UserName) },
                IdentityConstants.ApplicationScheme);
        }

        // Step-up (second factor): the application requires it, or asks for acr urn:meine-ihk:acr:mfa (OIDC Core §3.1.2.1 acr_values).
        var methods = Accounts.SecondFactor.AuthenticationFactors.Of(session.Properties);
        if (!Accounts.SecondFactor.AuthenticationFactors.IsMultiFactor(methods) && await SecondFactorDemandedAsync(request, cancellationToken))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.InteractionRequired, "The application requires a second factor.");
            }

            return Redirect("/anmelden/zweiter-faktor" + QueryString.Create("returnUrl", ThisRequest()));
        }

        // prompt=select_account: the person confirms the account and the organisation, even when only one fits.
        if (request.HasPromptValue(PromptValues.SelectAccount) && request[IhkClaims.OrganisationHint] is null)
        {
            return Redirect("/connect/authorize/organisation" + QueryString.Create(request.GetParameters()
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))));
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

        // Consent (OIDC Core §3.1.2.4): implicit for first-party applications, else asked once per scope set (Consent/).
        var consent = await Consent.CheckAsync(request, user.Id, organisation, cancellationToken);
        if (consent.Error is { } consentError)
        {
            return Refuse(consentError, consent.ErrorDescription!);
        }

        if (consent.AskAt is { } consentPage)
        {
            return Redirect(consentPage);
        }

        // The provider session this login belongs to: the ID token names it (sid), back-channel logout finds the client by it.
        var sessionId = ProviderSession.IdOf(session.Properties);
        if (sessionId is not null)
        {
            await BackChannelLogout.RecordSignInAsync(sessionId, user.Id, clientId, cancellationToken);
        }

        var principal = TokenPrincipalFactory.ForUser(user, scopes, organisation, sessionId, authTime?.ToUnixTimeSeconds(), methods);
        if (consent.AuthorizationId is not null)
        {
            principal.SetAuthorizationId(consent.AuthorizationId); // revoking the consent ends these tokens
        }

        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    [HttpPost("~/connect/token"), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> Exchange(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            // No user, so never an ID token or a refresh token: asking for them is refused, not silently dropped
            // (OpenIddict would put the requested scopes back on a principal left without any).
            if (request.HasScope(Scopes.OpenId) || request.HasScope(Scopes.OfflineAccess))
            {
                return Refuse(Errors.InvalidScope, "openid and offline_access need a user; client_credentials has none.");
            }

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
            // A lockout after failed logins guards the password form only (ASVS 5.0 6.3.1); it must not end refresh
            // chains of sessions that logged in before it. A self-locked account (no end date) ends them; so do the
            // security stamp that lock, deletion and password change renew.
            if (user is null || !await SignInManager.CanSignInAsync(user) || Accounts.Login.LockedAccount.IsSelfLocked(user.LockoutEnd)
                || previous.GetClaim(IhkClaims.SecurityStamp) != user.SecurityStamp)
            {
                return Refuse(Errors.InvalidGrant, "The token is no longer valid.");
            }

            // Roles are read again on every exchange, so a withdrawn role is gone with the next refresh.
            // A refresh may narrow the scope (RFC 6749 §6; a wider one was refused as invalid_scope before this runs).
            var scopes = request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(request.Scope)
                ? [.. previous.GetScopes().Intersect(request.GetScopes(), StringComparer.Ordinal)]
                : previous.GetScopes();
            var clientId = request.ClientId!;
            var memberships = await db.ForUserAsync(user.Id, clientId, cancellationToken);
            var organisation = memberships.FirstOrDefault(m => m.OrganisationId.ToString() == previous.GetClaim(IhkClaims.OrganisationId));

            if (await clientRules.RoleRequiredAsync(clientId, cancellationToken) && organisation?.HasRoles != true)
            {
                return Refuse(Errors.InvalidGrant, "The user no longer holds a role for this application.");
            }

            // auth_time stays the login's own, through every refresh (OIDC Core §12.2).
            var authTime = long.TryParse(previous.GetClaim(Claims.AuthenticationTime), out var seconds) ? seconds : (long?)null;
            var principal = TokenPrincipalFactory.ForUser(user, scopes, organisation, previous.GetClaim(IhkClaims.SessionId), authTime,
                TokenPrincipalFactory.MethodsOf(previous)); // amr and acr, like auth_time, stay the login's own
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

    private async Task<bool> SecondFactorDemandedAsync(OpenIddictRequest request, CancellationToken cancellationToken) =>
        (request.AcrValues?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(Accounts.SecondFactor.AuthenticationFactors.AcrMultiFactor) ?? false)
        || await db.Fachanwendungen.AnyAsync(f => f.ClientId == request.ClientId && f.RequiresSecondFactor, cancellationToken);

    /// <summary>This authorization request as a local address (GET or POST parameters), to come back to after the step-up.</summary>
    private string ThisRequest() => Request.PathBase + Request.Path + QueryString.Create(
        (Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList())
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    /// <summary>
    /// Where the login page sends the person back: this request with a marker of when the login was demanded (so
    /// prompt=login and max_age are met by that login and no other), and the hinted person's name for the form.
    /// </summary>
    private string ReturnUrlAfterLogin(DateTimeOffset now, string? hintedUserName)
    {
        var parameters = (Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList())
            .Where(p => p.Key != LoginDemand.Parameter)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))
            .Append(KeyValuePair.Create(LoginDemand.Parameter, (string?)Demands.Create(now)))
            .ToList();
        if (hintedUserName is not null)
        {
            parameters.RemoveAll(p => p.Key == Parameters.LoginHint);
            parameters.Add(KeyValuePair.Create(Parameters.LoginHint, (string?)hintedUserName));
        }

        return Request.PathBase + Request.Path + QueryString.Create(parameters);
    }
}
