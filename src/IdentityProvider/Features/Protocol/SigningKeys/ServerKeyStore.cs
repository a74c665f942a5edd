using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;

/// <summary>
/// Gives OpenIddict its signing key (RS256 with RSA-2048 by default, or ES256 with P-256 when
/// Tokens:SigningAlgorithm says so) and its encryption key (AES-256, for codes and refresh tokens) from the
/// database, creating them on first use. Every node on the same database shares them. The key of the other
/// algorithm, if one was ever created, stays published in the JWKS so that tokens signed before a switch
/// remain valid until they expire. Codes and refresh tokens, which only this server ever reads, are signed with
/// an HMAC-SHA256 key (HS256) instead: a fraction of an RSA signature's cost, never published in the JWKS
/// (<see cref="Performance.PublicTokenSigning"/> keeps access and ID tokens on the asymmetric key).
/// </summary>
internal sealed class ServerKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, IOptions<TokenOptions> tokens, TimeProvider clock)
    : IConfigureOptions<OpenIddictServerOptions>
{
    public const string Rs256 = TokenOptions.Rs256;
    public const string Es256 = TokenOptions.Es256;
    public const string Hs256 = "HS256";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.ServerKeys.v1");

    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        var algorithm = tokens.Value.SigningAlgorithm; // RS256 or ES256, validated with TokenOptions

        // OpenIddict signs with the first credentials: the configured algorithm's key.
        options.SigningCredentials.Add(SigningCredentials(algorithm, LoadOrCreate(db, ServerKeyPurpose.Signing, algorithm, algorithm == Es256 ? CreateEcKey : CreateRsaKey)));
        var other = algorithm == Es256 ? Rs256 : Es256;
        if (Oldest(db, ServerKeyPurpose.Signing, other) is { } previous)
        {
            options.SigningCredentials.Add(SigningCredentials(other, _protector.Unprotect(previous.ProtectedKey)));
        }

        var internalKey = Convert.FromBase64String(LoadOrCreate(db, ServerKeyPurpose.Signing, Hs256, CreateSymmetricKey));
        options.SigningCredentials.Add(new SigningCredentials(
            new SymmetricSecurityKey(internalKey) { KeyId = KeyId(SHA256.HashData(internalKey)) }, SecurityAlgorithms.HmacSha256));

        var encryption = Convert.FromBase64String(LoadOrCreate(db, ServerKeyPurpose.Encryption, "A256KW", CreateAesKey));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(encryption), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static SigningCredentials SigningCredentials(string algorithm, string pem)
    {
        if (algorithm == Es256)
        {
            // The key object lives as long as the options; it must not be disposed.
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            var point = ecdsa.ExportParameters(includePrivateParameters: false).Q;
            return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = KeyId([.. point.X!, .. point.Y!]) }, SecurityAlgorithms.EcdsaSha256);
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        return new SigningCredentials(new RsaSecurityKey(parameters) { KeyId = KeyId(parameters.Modulus!) }, SecurityAlgorithms.RsaSha256);
    }

    private string LoadOrCreate(ApplicationDbContext db, ServerKeyPurpose purpose, string algorithm, Func<string> create)
    {
        var existing = Oldest(db, purpose, algorithm);
        if (existing is null)
        {
            db.ServerKeys.Add(new ServerKey { Purpose = purpose, Algorithm = algorithm, ProtectedKey = _protector.Protect(create()), CreatedAt = clock.GetUtcNow().UtcDateTime });
            db.SaveChanges();

            // Two nodes starting at once may both insert; both then use the oldest row.
            existing = Oldest(db, purpose, algorithm)!;
        }

        return _protector.Unprotect(existing.ProtectedKey);
    }

    private static ServerKey? Oldest(ApplicationDbContext db, ServerKeyPurpose purpose, string algorithm) =>
        db.ServerKeys.Where(k => k.Purpose == purpose && k.Algorithm == algorithm).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).FirstOrDefault();

    private static string CreateRsaKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static string CreateEcKey()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKeyPem();
    }

    private static string CreateAesKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string CreateSymmetricKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string KeyId(byte[] modulus) => Base64UrlEncoder.Encode(SHA256.HashData(modulus)[..16]);
}
