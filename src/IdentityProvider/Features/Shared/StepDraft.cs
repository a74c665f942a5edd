using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Shared;

/// <summary>
/// Carries step 1 of a two-step form to step 2 in a hidden field: encrypted and authenticated by Data
/// Protection and valid for 30 minutes, so nothing is stored before the user submits and nothing in the page
/// can be read or changed.
/// </summary>
public abstract class StepDraft<T>(IDataProtectionProvider dataProtection, string purpose)
    where T : class
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector(purpose).ToTimeLimitedDataProtector();

    public string Protect(T input) => _protector.Protect(JsonSerializer.Serialize(input), Lifetime);

    /// <summary>The draft's input, or null when it is missing, expired or tampered with.</summary>
    public T? Unprotect(string? draft)
    {
        if (string.IsNullOrEmpty(draft))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(_protector.Unprotect(draft));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
