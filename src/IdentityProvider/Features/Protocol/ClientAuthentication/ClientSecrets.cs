using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;

/// <summary>
/// Client secrets the server generates: 256 random bits, stored as a SHA-256 hash.
/// A slow hash (PBKDF2) protects guessable secrets by making each guess expensive; a secret with 256 bits
/// of entropy cannot be guessed at any speed (2^255 tries on average), so a fast hash of it is as safe as
/// a slow one and costs microseconds instead of milliseconds on every token request. Secrets chosen by a
/// person (configuration, older clients) are not recognised as generated and keep OpenIddict's PBKDF2.
/// </summary>
public static class ClientSecrets
{
    public const string Prefix = "ihkcs_";

    /// <summary>Marks a stored value as the SHA-256 hash of a generated secret (PBKDF2 values are plain base64 and never contain '$').</summary>
    public const string HashPrefix = "$sha256$";

    private const int EncodedLength = 43; // 32 bytes, base64url without padding

    public static string Generate() => Prefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when the secret has exactly the shape <see cref="Generate"/> produces.</summary>
    public static bool IsGenerated(string secret) =>
        secret.Length == Prefix.Length + EncodedLength
        && secret.StartsWith(Prefix, StringComparison.Ordinal)
        && secret.AsSpan(Prefix.Length).ContainsAnyExcept(Base64UrlAlphabet) is false;

    public static string Hash(string secret) => HashPrefix + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool IsFastHash(string stored) => stored.StartsWith(HashPrefix, StringComparison.Ordinal);

    /// <summary>Constant-time comparison of the presented secret's hash with the stored one.</summary>
    public static bool Verify(string secret, string stored)
    {
        if (!IsFastHash(stored) || !IsGenerated(secret))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        if (!Convert.TryFromBase64String(stored[HashPrefix.Length..], expected, out var written) || written != 32)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
