using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Organisations.Request;

/// <summary>
/// Carries step 1 to "2. Zusammenfassung" in a hidden field, encrypted and authenticated by Data Protection and
/// valid for 30 minutes (as the registration does), so nothing is stored before the user submits.
/// </summary>
public sealed class OrganisationRequestDraft(IDataProtectionProvider dataProtection)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("MeineIhk.OrganisationRequestDraft.v1").ToTimeLimitedDataProtector();

    public string Protect(InputModel input) => _protector.Protect(JsonSerializer.Serialize(input), Lifetime);

    public InputModel? Unprotect(string? draft)
    {
        if (string.IsNullOrEmpty(draft))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<InputModel>(_protector.Unprotect(draft));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
