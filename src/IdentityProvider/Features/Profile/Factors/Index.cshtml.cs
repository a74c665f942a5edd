using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Factors;

/// <summary>
/// "Sicherheit": the person's second factors — the authenticator app with its recovery codes, and passkeys (add,
/// name, remove). Removing the last second factor needs the password again (a fresh authentication) and tells every
/// confirmed address.
/// </summary>
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    AccountNotices notices,
    SecondFactorPolicy policy,
    ISecurityEventTrail trail,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public const int MaxPasskeys = 10;

    public bool HasAuthenticator { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public bool MustUse { get; private set; }

    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty]
    public string? PasskeyName { get; set; }

    [BindProperty]
    public string? PasskeyId { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [TempData]
    public string? Done { get; set; }

    public int FactorCount => (HasAuthenticator ? 1 : 0) + Passkeys.Count;

    public static string IdOf(UserPasskeyInfo passkey) => Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Encode(passkey.CredentialId);

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await DescribeAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        return Content(await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.UserName ?? user.Id,
            DisplayName = user.DisplayName,
        }), "application/json");
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var name = (PasskeyName ?? string.Empty).Trim();
        if (!IsValidName(name))
        {
            return await RefuseAsync(user, nameof(PasskeyName), "Factors.PasskeyNameInvalid");
        }

        if ((await users.GetPasskeysAsync(user)).Count >= MaxPasskeys)
        {
            return await RefuseAsync(user, string.Empty, "Factors.PasskeyTooMany");
        }

        var result = string.IsNullOrEmpty(CredentialJson) || CredentialJson.Length > 65_536 ? null : await signIn.PerformPasskeyAttestationAsync(CredentialJson);
        if (result is not { Succeeded: true } || result.UserEntity.Id != user.Id)
        {
            return await RefuseAsync(user, string.Empty, "Factors.PasskeyFailed");
        }

        result.Passkey.Name = name;
        var added = await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        if (!added.Succeeded)
        {
            return await RefuseAsync(user, string.Empty, "Factors.PasskeyFailed");
        }

        await SecondFactorPolicy.SyncTwoFactorFlagAsync(users, user);
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorAdded, user.Id, user.UserName, Detail: "passkey",
            RemoteAddress: ClientAddress.Of(HttpContext)));
        await SessionUpgrade.AddFactorAsync(HttpContext, signIn, user, AuthenticationFactors.PasskeyMethod(result.Passkey.IsBackupEligible));
        Done = "Factors.PasskeyAdded";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRenamePasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var name = (PasskeyName ?? string.Empty).Trim();
        var passkey = await FindPasskeyAsync(user);
        if (passkey is null)
        {
            return RedirectToPage();
        }

        if (!IsValidName(name))
        {
            return await RefuseAsync(user, nameof(PasskeyName), "Factors.PasskeyNameInvalid");
        }

        passkey.Name = name;
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        Done = "Factors.PasskeyRenamed";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var passkey = await FindPasskeyAsync(user);
        if (passkey is null)
        {
            return RedirectToPage();
        }

        if (await LastFactorRefusedAsync(user))
        {
            return await RefuseAsync(user, nameof(CurrentPassword), "Factors.PasswordForLast");
        }

        var last = FactorCount == 1; // counted by LastFactorRefusedAsync
        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await SecondFactorPolicy.SyncTwoFactorFlagAsync(users, user);
        return await RemovedAsync(user, "passkey", last);
    }

    public async Task<IActionResult> OnPostRemoveAuthenticatorAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await SecondFactorPolicy.HasAuthenticatorAsync(users, user))
        {
            return RedirectToPage();
        }

        if (await LastFactorRefusedAsync(user))
        {
            return await RefuseAsync(user, nameof(CurrentPassword), "Factors.PasswordForLast");
        }

        var last = FactorCount == 1; // counted by LastFactorRefusedAsync
        await SecondFactorPolicy.RemoveAuthenticatorAsync(users, user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        return await RemovedAsync(user, "authenticator", last);
    }

    /// <summary>The last factor goes only with the password typed again (ASVS 5.0 6.4.x: changing factors needs re-authentication).</summary>
    private async Task<bool> LastFactorRefusedAsync(ApplicationUser user)
    {
        await DescribeAsync(user);
        if (FactorCount > 1)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(CurrentPassword) && CurrentPassword.Length <= 1024
            && (await signIn.CheckPasswordSignInAsync(user, CurrentPassword, lockoutOnFailure: true)).Succeeded)
        {
            return false;
        }

        trail.Record(new SecurityEvent(SecurityEventKind.CurrentPasswordWrong, user.Id, user.UserName, Detail: "remove-last-factor",
            RemoteAddress: ClientAddress.Of(HttpContext)));
        return true;
    }

    private async Task<IActionResult> RemovedAsync(ApplicationUser user, string kind, bool last)
    {
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorRemoved, user.Id, user.UserName, Detail: last ? kind + "-last" : kind,
            RemoteAddress: ClientAddress.Of(HttpContext)));
        if (last)
        {
            await notices.NotifyAsync(user, "SecondFactorRemoved", Request.PublicUri("konto/sicherheit"));
            await db.SaveChangesAsync();
        }

        Done = last ? "Factors.LastFactorRemoved" : "Factors.FactorRemoved";
        return RedirectToPage();
    }

    private static bool IsValidName(string name) => name.Length is > 0 and <= 100 && !name.Any(char.IsControl);

    private async Task<UserPasskeyInfo?> FindPasskeyAsync(ApplicationUser user) =>
        (await users.GetPasskeysAsync(user)).FirstOrDefault(p => IdOf(p) == PasskeyId);

    private async Task<IActionResult> RefuseAsync(ApplicationUser user, string field, string message)
    {
        ModelState.AddModelError(field, t[message]);
        CredentialJson = CurrentPassword = null;
        await DescribeAsync(user);
        return Page();
    }

    private async Task DescribeAsync(ApplicationUser user)
    {
        HasAuthenticator = await SecondFactorPolicy.HasAuthenticatorAsync(users, user);
        RecoveryCodesLeft = HasAuthenticator ? await users.CountRecoveryCodesAsync(user) : 0;
        Passkeys = [.. (await users.GetPasskeysAsync(user)).OrderBy(p => p.CreatedAt)];
        MustUse = await policy.MustUseAsync(user, HttpContext.RequestAborted);
    }
}
