using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using OpenIddict.Abstractions;

namespace MeineIhk.IdentityProvider.Features.Protocol.Authorize;

/// <summary>
/// When an authorize request needs a new login (prompt=login, max_age exceeded, an id_token_hint for someone else), the
/// way back from the login page carries a protected marker of when the login was demanded. The returning request is
/// satisfied only by a login made after that moment (auth_time ≥ demand, OIDC Core §3.1.2.1), however the login page
/// was reached: opening the return address without logging in just sends the person round again. The marker counts
/// for <see cref="Validity"/>, the time a person may spend on the login page.
/// </summary>
public sealed class LoginDemand(IDataProtectionProvider dataProtection)
{
    public const string Parameter = "ihk_login_demanded";

    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.LoginDemand.v1");

    public string Create(DateTimeOffset now) =>
        _protector.Protect(now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>When the login was demanded, or null for a missing, forged or unreadable marker.</summary>
    public DateTimeOffset? DemandedAt(OpenIddictRequest request)
    {
        var value = request[Parameter]?.ToString();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return long.TryParse(_protector.Unprotect(value), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the session's authentication is too old for the request: none recorded, prompt=login, or older than
    /// max_age, unless the person logged in after this very request demanded it (and not longer ago than <see cref="Validity"/>).
    /// </summary>
    public static bool LoginNeeded(bool promptLogin, long? maxAge, DateTimeOffset? authTime, DateTimeOffset? demandedAt, DateTimeOffset now)
    {
        if (authTime is not { } authenticated)
        {
            return true;
        }

        if (demandedAt is { } demanded && authenticated > demanded && now - demanded <= Validity)
        {
            return false;
        }

        return promptLogin || (maxAge is { } seconds && now - authenticated > TimeSpan.FromSeconds(seconds));
    }
}
