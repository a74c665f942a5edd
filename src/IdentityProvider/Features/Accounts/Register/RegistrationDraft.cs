using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>
/// Carries step 1 to step 2 in a hidden field: encrypted and authenticated by Data Protection and valid for
/// 30 minutes, so nothing is stored before the user submits and the password never appears in the page.
/// </summary>
public sealed class RegistrationDraft(IDataProtectionProvider dataProtection)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("MeineIhk.RegistrationDraft.v1").ToTimeLimitedDataProtector();

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
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
