using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Accounts.Login;

/// <summary>"Benutzernamen speichern": only the name, protected so it can be neither read nor forged in the cookie.</summary>
public sealed class RememberedUsername(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private const string CookieName = ".MeineIhk.Username";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.RememberedUsername.v1");

    public string? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Remember(HttpResponse response, string username) => response.Cookies.Append(CookieName, _protector.Protect(username), new CookieOptions
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = response.HttpContext.Request.IsHttps,
        Expires = clock.GetUtcNow().AddYears(1),
    });

    public static void Forget(HttpResponse response) => response.Cookies.Delete(CookieName);
}
