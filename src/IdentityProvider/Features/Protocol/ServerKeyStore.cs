using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>
/// Gives OpenIddict its signing key (RSA, RS256) and its encryption key (AES-256, for codes and refresh
/// tokens) from the database, creating them on first use. Every node on the same database shares them.
/// </summary>
internal sealed class ServerKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.ServerKeys.v1");

    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        var signing = LoadOrCreate(db, ServerKeyPurpose.Signing, "RS256", CreateRsaKey);
        using (var rsa = RSA.Create())
        {
            rsa.ImportFromPem(signing);
            var parameters = rsa.ExportParameters(includePrivateParameters: true);
            var key = new RsaSecurityKey(parameters) { KeyId = KeyId(parameters.Modulus!) };
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }

        var encryption = Convert.FromBase64String(LoadOrCreate(db, ServerKeyPurpose.Encryption, "A256KW", CreateAesKey));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(encryption), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private string LoadOrCreate(ApplicationDbContext db, ServerKeyPurpose purpose, string algorithm, Func<string> create)
    {
        var existing = Oldest(db, purpose);
        if (existing is null)
        {
            db.ServerKeys.Add(new ServerKey { Purpose = purpose, Algorithm = algorithm, ProtectedKey = _protector.Protect(create()) });
            db.SaveChanges();

            // Two nodes starting at once may both insert; both then use the oldest row.
            existing = Oldest(db, purpose)!;
        }

        return _protector.Unprotect(existing.ProtectedKey);
    }

    private static ServerKey? Oldest(ApplicationDbContext db, ServerKeyPurpose purpose) =>
        db.ServerKeys.Where(k => k.Purpose == purpose).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).FirstOrDefault();

    private static string CreateRsaKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static string CreateAesKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string KeyId(byte[] modulus) => Base64UrlEncoder.Encode(SHA256.HashData(modulus)[..16]);
}
