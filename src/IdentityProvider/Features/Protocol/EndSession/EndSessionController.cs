using System.Security.Claims;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol.EndSession;

/// <summary>
/// RP-Initiated Logout 1.0 as a passthrough endpoint. OpenIddict and <see cref="EndSessionRules"/> have refused bad
/// hints and unregistered post_logout_redirect_uris. A session ends at once only with an ID token of this very session
/// (the relying party proves it took part); otherwise the user confirms first (no logout CSRF, §2, §6), and nothing
/// ends and no back-channel notice leaves before that.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class EndSessionController(
    SignInManager<ApplicationUser> signIn,
    BackChannelLogout backChannelLogout,
    IAntiforgery antiforgery) : Controller
{
    /// <summary>The field of the confirmation form that says the user asked for the logout.</summary>
    public const string ConfirmField = "confirm";

    public const string ConfirmationPath = "/connect/endsession/confirm";

    /// <summary>Where the user lands when no relying party is to be returned to: "Sie sind abgemeldet".</summary>
    private const string LoggedOutPath = "/abmelden";

    [HttpGet("~/connect/endsession"), HttpPost("~/connect/endsession"), IgnoreAntiforgeryToken]
    public async Task<IActionResult> EndSession(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var hint = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var userId = session.Succeeded ? signIn.UserManager.GetUserId(session.Principal!) : null;
        var sessionId = ProviderSession.IdOf(session.Properties);

        if (userId is null)
        {
            // No session here: nothing to end, and a genuine hint or client_id may take the user back.
            return Finish(request, clientIdentified: hint is not null || !string.IsNullOrEmpty(request.ClientId));
        }

        var hintOfThisSession = hint is not null && IsOfSession(hint, userId, sessionId);
        if (!hintOfThisSession)
        {
            if (!IsConfirmation())
            {
                return Redirect(ConfirmationPath + QueryString.Create(request.GetParameters()
                    .Where(p => p.Key is not ConfirmField and not "__RequestVerificationToken")
                    .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))));
            }

            if (!await antiforgery.IsRequestValidAsync(HttpContext))
            {
                return BadRequest();
            }
        }

        await signIn.SignOutAsync();
        if (sessionId is not null)
        {
            // Every relying party of the session hears of it, the one that asked included (Back-Channel Logout 1.0 §2.7).
            await backChannelLogout.SessionEndedAsync(userId, sessionId, cancellationToken);
        }

        // A hint for another user or session is no hint: it identifies no client to return to (only client_id does).
        return Finish(request, clientIdentified: hintOfThisSession || !string.IsNullOrEmpty(request.ClientId));
    }

    private IActionResult Finish(OpenIddictRequest request, bool clientIdentified) =>
        clientIdentified && !string.IsNullOrEmpty(request.PostLogoutRedirectUri)
            ? SignOut(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme) // OpenIddict redirects to the checked URI with state
            : Redirect(LoggedOutPath);

    private bool IsConfirmation() =>
        HttpMethods.IsPost(Request.Method) && Request.HasFormContentType && Request.Form[ConfirmField] == "true";

    private static bool IsOfSession(ClaimsPrincipal idToken, string userId, string? sessionId) =>
        idToken.GetClaim(Claims.Subject) == userId
        && (sessionId is null || idToken.GetClaim(IhkClaims.SessionId) == sessionId);
}
