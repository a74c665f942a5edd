using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.Login;

[AllowAnonymous]
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
[Passwords.HashesPasswords]
public sealed class IndexModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    RememberedUsername rememberedUsername,
    Hosting.Observability.ProviderMetrics metrics,
    ISecurityEventTrail trail,
    IStringLocalizer<SharedResource> t) : PageModel
{
    // Verified when no account matches, so that an unknown name costs the same time as a wrong password (made by
    // the configured hasher, so with the configured iteration count).
    private static string? dummyHash;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NotConfirmed { get; private set; }

    public bool Locked { get; private set; }

    public void OnGet()
    {
        var remembered = rememberedUsername.Read(Request);
        Input = new InputModel { Username = LoginHint() ?? remembered ?? string.Empty, RememberUsername = remembered is not null };
    }

    /// <summary>OIDC Core §3.1.2.1: the relying party's login_hint (or the person an id_token_hint names) fills in the name.</summary>
    private string? LoginHint()
    {
        if (!Url.IsLocalUrl(ReturnUrl) || ReturnUrl.IndexOf('?') is var start && start < 0)
        {
            return null;
        }

        var hint = QueryHelpers.ParseQuery(ReturnUrl[start..]).TryGetValue(OpenIddict.Abstractions.OpenIddictConstants.Parameters.LoginHint, out var values)
            ? values.ToString().Trim()
            : string.Empty;
        return hint.Length is > 0 and <= 256 ? hint : null;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByNameOrConfirmedEmailAsync(db, Input.Username);
        var wasLockedOut = user is not null && await users.IsLockedOutAsync(user);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
        var secondFactor = result.Succeeded && await SecondFactor.SecondFactorPolicy.HasSecondFactorAsync(users, user!);
        metrics.Login(secondFactor ? "second_factor_required" : LoginResult(result, user), "password");
        if (!secondFactor)
        {
            RecordLogin(result, user, wasLockedOut); // with a second factor, its step records the outcome
        }
        if (result.Succeeded)
        {
            if (Input.RememberUsername)
            {
                rememberedUsername.Remember(Response, user!.UserName!);
            }
            else
            {
                RememberedUsername.Forget(Response);
            }

            return await SecondFactorStep.AfterPasswordAsync(HttpContext, user!, secondFactor, Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        // The password is right but the address unconfirmed: say so (only someone who knows the password learns it).
        if (result.IsNotAllowed && user is { EmailConfirmed: false })
        {
            if (await users.CheckPasswordAsync(user, Input.Password))
            {
                NotConfirmed = true;
                ModelState.AddModelError(string.Empty, t["Login.NotConfirmed"]);
                return Page();
            }

            await users.AccessFailedAsync(user);
        }
        else if (result.IsLockedOut && user is not null)
        {
            if (await LockedAccount.ExplainAsync(users, user, Input.Password, t) is { } explanation)
            {
                Locked = true;
                ModelState.AddModelError(string.Empty, explanation);
                Input.Password = string.Empty;
                return Page();
            }
        }
        else if (user is null || result.IsNotAllowed)
        {
            // Unknown and locked accounts return before any hash is checked: check one anyway, so timing tells nothing.
            var anyone = user ?? new ApplicationUser { GivenName = "-", FamilyName = "-" };
            dummyHash ??= users.PasswordHasher.HashPassword(anyone, Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(anyone, dummyHash, Input.Password);
        }

        ModelState.AddModelError(string.Empty, t["Login.Failed"]);
        Input.Password = string.Empty;
        return Page();
    }

    /// <summary>
    /// ASVS 5.0 16.3.1: every login and failure with its reason. The typed name is stored only when it names an
    /// account (an unknown "name" may be a password typed into the wrong field).
    /// </summary>
    private void RecordLogin(Microsoft.AspNetCore.Identity.SignInResult result, ApplicationUser? user, bool wasLockedOut)
    {
        var address = ClientAddress.Of(HttpContext);
        if (result.Succeeded)
        {
            trail.Record(new SecurityEvent(SecurityEventKind.LoginSucceeded, user!.Id, user.UserName, Detail: "password", RemoteAddress: address));
            return;
        }

        var reason = result switch
        {
            _ when user is null => "unknown-user",
            { IsLockedOut: true } when wasLockedOut => "locked-out",
            { IsNotAllowed: true } when user is { EmailConfirmed: false } => "unconfirmed",
            { IsNotAllowed: true } => "not-allowed",
            _ => "wrong-password",
        };
        trail.Record(new SecurityEvent(SecurityEventKind.LoginFailed, user?.Id, user?.UserName, Detail: reason, RemoteAddress: address));
        if (user is not null && result.IsLockedOut && !wasLockedOut)
        {
            // This failure was the one that locked the account.
            trail.Record(new SecurityEvent(SecurityEventKind.LockedOut, user.Id, user.UserName, Detail: "failed-logins", RemoteAddress: address));
        }
    }

    /// <summary>"Mit Passkey anmelden": the options of a discoverable-credential request (no name typed).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    /// <summary>A passkey with user verification alone signs in: possession and the device's PIN or biometrics (RFC 8176 mfa).</summary>
    public async Task<IActionResult> OnPostPasskeyAsync([FromForm] string? credentialJson)
    {
        ModelState.Clear();
        var result = string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 16_384 ? null : await signIn.PerformPasskeyAssertionAsync(credentialJson);
        if (result is { Succeeded: true } && await signIn.CanSignInAsync(result.User) && !await users.IsLockedOutAsync(result.User))
        {
            await users.AddOrUpdatePasskeyAsync(result.User, result.Passkey);
            await users.ResetAccessFailedCountAsync(result.User);
            SecondFactor.AuthenticationFactors.Mark(HttpContext, SecondFactor.AuthenticationFactors.PasskeyMethod(result.Passkey.IsBackupEligible), SecondFactor.AuthenticationFactors.MultiFactor);
            await signIn.SignInWithClaimsAsync(result.User, new Microsoft.AspNetCore.Authentication.AuthenticationProperties(), []);
            metrics.Login("success", "passkey");
            trail.Record(new SecurityEvent(SecurityEventKind.LoginSucceeded, result.User.Id, result.User.UserName, Detail: "passkey", RemoteAddress: ClientAddress.Of(HttpContext)));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        metrics.Login("failure", "passkey");
        trail.Record(new SecurityEvent(SecurityEventKind.LoginFailed, Detail: "passkey", RemoteAddress: ClientAddress.Of(HttpContext)));
        ModelState.AddModelError(string.Empty, t["Login.PasskeyFailed"]);
        return Page();
    }

    private static string LoginResult(Microsoft.AspNetCore.Identity.SignInResult result, ApplicationUser? user) => result switch
    {
        { Succeeded: true } => "success",
        { IsLockedOut: true } => "locked_out",
        { IsNotAllowed: true } when user is { EmailConfirmed: false } => "unconfirmed",
        { IsNotAllowed: true } => "not_allowed",
        _ => "failure",
    };
}
