using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
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
public sealed class IndexModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    RememberedUsername rememberedUsername,
    Hosting.Observability.ProviderMetrics metrics,
    IStringLocalizer<SharedResource> t) : PageModel
{
    // Verified when no account matches, so that an unknown name costs the same time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser { GivenName = "-", FamilyName = "-" }, Guid.NewGuid().ToString()));

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NotConfirmed { get; private set; }

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
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
        var secondFactor = result.Succeeded && await SecondFactor.SecondFactorPolicy.HasSecondFactorAsync(users, user!);
        metrics.Login(secondFactor ? "second_factor_required" : LoginResult(result, user), "password");
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
        else if (user is null || result.IsLockedOut || result.IsNotAllowed)
        {
            // Unknown and locked accounts return before any hash is checked: check one anyway, so timing tells nothing.
            users.PasswordHasher.VerifyHashedPassword(user ?? new ApplicationUser { GivenName = "-", FamilyName = "-" }, DummyHash.Value, Input.Password);
        }

        ModelState.AddModelError(string.Empty, t["Login.Failed"]);
        Input.Password = string.Empty;
        return Page();
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
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        metrics.Login("failure", "passkey");
        ModelState.AddModelError(string.Empty, t["Login.PasskeyFailed"]);
        return Page();
    }

    private static string LoginResult(Microsoft.AspNetCore.Identity.SignInResult result, ApplicationUser? user) => result switch
    {
        { Succeeded: true } => "success",
        { IsLockedOut: true } => "locked_out",
        { RequiresTwoFactor: true } => "second_factor_required",
        { IsNotAllowed: true } when user is { EmailConfirmed: false } => "unconfirmed",
        { IsNotAllowed: true } => "not_allowed",
        _ => "failure",
    };
}
