using System.Text;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace MeineIhk.IdentityProvider.Features.Profile.Factors;

/// <summary>
/// Authenticator app (TOTP, RFC 6238): the key as a QR code (otpauth URI, drawn here as PNG) and as text; the first
/// code confirms it. Then ten recovery codes, shown once.
/// </summary>
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
public sealed class AuthenticatorModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ISecurityEventTrail trail,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public const int RecoveryCodeCount = 10;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string SharedKey { get; private set; } = string.Empty;

    public string QrCodeDataUri { get; private set; } = string.Empty;

    public bool AlreadyConfirmed { get; private set; }

    public bool EnrolmentRequired { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string Next => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/konto/sicherheit";

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

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await SecondFactorPolicy.HasAuthenticatorAsync(users, user))
        {
            return RedirectToPage("Index");
        }

        if (string.IsNullOrWhiteSpace(Code) || !await users.VerifyTwoFactorTokenAsync(user, AuthenticatorCodes.ProviderName, Code))
        {
            await users.AccessFailedAsync(user);
            trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorFailed, user.Id, user.UserName, Detail: "enrolment-code",
                RemoteAddress: ClientAddress.Of(HttpContext)));
            ModelState.AddModelError(nameof(Code), t["Factors.WrongCode"]);
            Code = null;
            await DescribeAsync(user);
            return Page();
        }

        await SecondFactorPolicy.ConfirmAuthenticatorAsync(users, user);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorAdded, user.Id, user.UserName, Detail: "authenticator",
            RemoteAddress: ClientAddress.Of(HttpContext)));
        await SessionUpgrade.AddFactorAsync(HttpContext, signIn, user, AuthenticationFactors.OneTimePassword);
        return Page();
    }

    private async Task DescribeAsync(ApplicationUser user)
    {
        AlreadyConfirmed = await SecondFactorPolicy.HasAuthenticatorAsync(users, user);
        EnrolmentRequired = AuthenticationFactors.EnrolmentRequired(
            (await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Properties);
        if (AlreadyConfirmed)
        {
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        SharedKey = Grouped(key!);
        var uri = OtpAuthUri(user.UserName ?? user.Email ?? user.Id, key!);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>The key URI format authenticator apps read (issuer "meine ihk", the account's name).</summary>
    public static string OtpAuthUri(string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("meine ihk")}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString("meine ihk")}&digits=6&period=30";

    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
