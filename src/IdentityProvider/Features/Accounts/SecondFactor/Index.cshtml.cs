using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>
/// The second step of a login, and the step-up inside a session (an application asked for a second factor): a code
/// of the authenticator app, a recovery code or a passkey. Wrong codes count towards the account's lockout; the page's
/// posts share the per-address throttle of the login.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
public sealed class IndexModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    ISecurityEventTrail trail,
    Hosting.Observability.ProviderMetrics metrics,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    [BindProperty]
    public string? CredentialJson { get; set; }

    public bool HasAuthenticator { get; private set; }

    public bool HasPasskeys { get; private set; }

    public bool StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (user, _) = await SubjectAsync();
        if (user is null)
        {
            return RedirectToLogin();
        }

        if (!await SecondFactorPolicy.HasSecondFactorAsync(users, user))
        {
            // Step-up for someone without a factor: enrol first; the confirmed code is the second factor.
            return LocalRedirect("/konto/sicherheit/authenticator" + QueryString.Create("returnUrl", Target));
        }

        metrics.SecondFactorPrompted(StepUp ? "step_up" : "login");
        await DescribeAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostCodeAsync()
    {
        var (user, session) = await SubjectAsync();
        if (user is null)
        {
            return RedirectToLogin();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return await FailAsync(user, "locked", "SecondFactor.LockedOut");
        }

        if (!string.IsNullOrWhiteSpace(Code) && await SecondFactorPolicy.HasAuthenticatorAsync(users, user)
            && await users.VerifyTwoFactorTokenAsync(user, AuthenticatorCodes.ProviderName, Code))
        {
            return await SucceedAsync(user, session, "authenticator", AuthenticationFactors.OneTimePassword);
        }

        await users.AccessFailedAsync(user);
        return await FailAsync(user, "wrong-code", "SecondFactor.WrongCode");
    }

    public async Task<IActionResult> OnPostRecoveryAsync()
    {
        var (user, session) = await SubjectAsync();
        if (user is null)
        {
            return RedirectToLogin();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return await FailAsync(user, "locked", "SecondFactor.LockedOut");
        }

        var code = (RecoveryCode ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        if (code.Length is > 0 and <= 64 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, code)).Succeeded)
        {
            trail.Record(new SecurityEvent(SecurityEventKind.RecoveryCodeUsed, user.Id, user.UserName, Detail: $"left-{await users.CountRecoveryCodesAsync(user)}",
                RemoteAddress: ClientAddress.Of(HttpContext)));
            return await SucceedAsync(user, session, "recovery-code", AuthenticationFactors.RecoveryCode);
        }

        // Identity does not count wrong recovery codes towards lockout; here they count like wrong authenticator codes.
        await users.AccessFailedAsync(user);
        return await FailAsync(user, "wrong-recovery-code", "SecondFactor.WrongRecoveryCode");
    }

    /// <summary>The WebAuthn request options for the person's passkeys (the script asks for them, then calls the authenticator).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var (user, _) = await SubjectAsync();
        if (user is null)
        {
            return NotFound();
        }

        return Content(await signIn.MakePasskeyRequestOptionsAsync(user), "application/json");
    }

    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        var (user, session) = await SubjectAsync();
        if (user is null)
        {
            return RedirectToLogin();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return await FailAsync(user, "locked", "SecondFactor.LockedOut");
        }

        var result = string.IsNullOrEmpty(CredentialJson) || CredentialJson.Length > 16_384
            ? null
            : await signIn.PerformPasskeyAssertionAsync(CredentialJson);
        if (result is { Succeeded: true } && result.User.Id == user.Id)
        {
            await users.AddOrUpdatePasskeyAsync(user, result.Passkey); // the signature counter
            return await SucceedAsync(user, session, "passkey", AuthenticationFactors.PasskeyMethod(result.Passkey.IsBackupEligible));
        }

        await users.AccessFailedAsync(user);
        return await FailAsync(user, "passkey-refused", "SecondFactor.PasskeyFailed");
    }

    private string Target => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    private LocalRedirectResult RedirectToLogin() => LocalRedirect("/anmelden" + QueryString.Create("returnUrl", Target));

    /// <summary>The person who passed the password (login), else the one signed in (step-up inside the session).</summary>
    private async Task<(ApplicationUser? User, AuthenticateResult? Session)> SubjectAsync()
    {
        if (await PendingSecondFactor.UserAsync(HttpContext, users) is { } pending)
        {
            return (pending, null);
        }

        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (session.Succeeded && await users.GetUserAsync(session.Principal) is { } user && await signIn.CanSignInAsync(user))
        {
            StepUp = true;
            return (user, session);
        }

        return (null, null);
    }

    private async Task<IActionResult> SucceedAsync(ApplicationUser user, AuthenticateResult? session, string method, string factor)
    {
        await users.ResetAccessFailedCountAsync(user);
        await PendingSecondFactor.EndAsync(HttpContext);
        var first = session is null ? AuthenticationFactors.Password : null;
        var earlier = session is null ? [] : AuthenticationFactors.Of(session.Properties).Where(m => m != AuthenticationFactors.MultiFactor);
        AuthenticationFactors.Mark(HttpContext, [.. earlier, .. first is null ? Array.Empty<string>() : [first], factor]);
        if (ProviderSession.IdOf(session?.Properties) is { } sessionId)
        {
            AuthenticationFactors.KeepSession(HttpContext, sessionId);
        }

        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties(), []);
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorSucceeded, user.Id, user.UserName, Detail: method,
            RemoteAddress: ClientAddress.Of(HttpContext), SessionId: ProviderSession.IdOf(session?.Properties)));
        if (session is null)
        {
            metrics.Login("success", method);
        }

        return LocalRedirect(Target);
    }

    private async Task<IActionResult> FailAsync(ApplicationUser user, string detail, string message)
    {
        var locked = await users.IsLockedOutAsync(user);
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorFailed, user.Id, user.UserName, Detail: detail,
            RemoteAddress: ClientAddress.Of(HttpContext)));
        ModelState.AddModelError(string.Empty, t[locked ? "SecondFactor.LockedOut" : message]);
        Code = RecoveryCode = CredentialJson = null;
        await DescribeAsync(user);
        return Page();
    }

    private async Task DescribeAsync(ApplicationUser user)
    {
        HasAuthenticator = await SecondFactorPolicy.HasAuthenticatorAsync(users, user);
        HasPasskeys = (await users.GetPasskeysAsync(user)).Count > 0;
    }
}
