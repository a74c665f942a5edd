using System.Globalization;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace MeineIhk.IdentityProvider.Features.Accounts.CancelEmailChange;

/// <summary>
/// The link that the old address receives when the main address changes: for <see cref="Lifetime"/> it restores the
/// old address. It is independent of the security stamp on purpose, so that whoever changed the address cannot make
/// the link useless by changing the password next.
/// </summary>
public sealed class EmailChangeCancellation(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public const string PagePath = "email-aenderung-widerrufen";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.EmailChangeCancellation.v1");

    public Uri LinkFor(HttpRequest request, string userId, string oldAddress)
    {
        var expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var token = _protector.Protect(string.Join('\n', userId, oldAddress, expires));
        return new Uri(QueryHelpers.AddQueryString(request.PublicUri(PagePath).AbsoluteUri, "token", token));
    }

    /// <summary>The user id and the old address, or null for a damaged, foreign or expired link.</summary>
    public (string UserId, string OldAddress)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(token).Split('\n');
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        return parts.Length == 3 && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires)
            && clock.GetUtcNow().ToUnixTimeSeconds() < expires
            ? (parts[0], parts[1])
            : null;
    }
}
