using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>
/// Authenticator app codes (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, six digits, one step of clock drift either
/// way). Identity's own provider accepts a code again within its window; this one remembers the last step used and
/// accepts only later ones, so an observed code cannot be replayed (RFC 6238 §5.2, ASVS 5.0 6.5.1). The remembered
/// step is saved with the user's concurrency stamp: of two simultaneous uses of one code, one fails.
/// </summary>
public sealed class AuthenticatorCodes(TimeProvider clock) : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "Authenticator"; // TokenOptions.DefaultAuthenticatorProvider

    private const string StoreName = "[MeineIhk]";

    private const string LastStepName = "AuthenticatorLastStep";

    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Codes come from the person's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = new string([.. (token ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-')]);
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var secret = Base32.Decode(key);
        var now = StepAt(clock.GetUtcNow());
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, StoreName, LastStepName), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : -1;
        foreach (var step in new[] { now, now - 1, now + 1 })
        {
            if (step > last && CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Compute(secret, step)), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                var saved = await manager.SetAuthenticationTokenAsync(user, StoreName, LastStepName, step.ToString(CultureInfo.InvariantCulture));
                return saved.Succeeded;
            }
        }

        return false;
    }

    /// <summary>Forgets the last step (a new authenticator key starts afresh).</summary>
    public static Task<IdentityResult> ForgetAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        manager.RemoveAuthenticationTokenAsync(user, StoreName, LastStepName);

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The six-digit code of <paramref name="step"/> (RFC 4226 §5.3 dynamic truncation).</summary>
    public static string Compute(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; its collision weakness does not touch HMAC
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }
}

/// <summary>RFC 4648 base 32, as authenticator apps expect their keys.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[] Decode(string text)
    {
        var clean = text.Trim().TrimEnd('=').Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var output = new byte[clean.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in clean)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not base 32.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return output;
    }
}
