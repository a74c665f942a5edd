using System.Collections.Concurrent;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting;
using MeineIhk.IdentityProvider.Hosting.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;

/// <summary>
/// The one place that loads the server's keys from the database and decides which public signing key is
/// published and which signs. A key is published from its creation (the announce period before it signs), signs
/// from its <see cref="ServerKey.ActiveFrom"/> until the next key's, and stays published for the longest token
/// lifetime after that (access, ID and refresh token: an ID token is still sent back as id_token_hint while its
/// refresh token lives), unless an operator withdrew it. OpenIddict's options are built from <see cref="Configure"/>;
/// <see cref="Invalidate"/> makes every options monitor build them again (and drops the cached JWKS), so a
/// cross-node notification only has to call it. Until then every node reads the ring again each
/// SigningKeys:RefreshInterval (<see cref="SigningKeyRotation"/>).
/// </summary>
public sealed class SigningKeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<TokenOptions> tokens,
    IOptions<SigningKeyOptions> options,
    TimeProvider clock,
    ISecurityEventTrail trail,
    IServiceProvider services,
    ILogger<SigningKeyRing> logger) : IDisposable
{
    public const string Rs256 = TokenOptions.Rs256;
    public const string Es256 = TokenOptions.Es256;
    public const string Hs256 = "HS256";

    /// <summary>Allowed clock difference at relying parties (Microsoft.IdentityModel's default).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.ServerKeys.v1");
    private readonly ConcurrentDictionary<string, DateTime> _signsFrom = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();
    private CancellationTokenSource _serverChanged = new();
    private CancellationTokenSource _validationChanged = new();
    private volatile IReadOnlySet<Guid> _loaded = new HashSet<Guid>();

    /// <summary>How long a key stays published after its successor starts to sign.</summary>
    public TimeSpan Overlap
    {
        get
        {
            var t = tokens.Value;
            return new[] { t.AccessTokenLifetime, t.IdentityTokenLifetime, t.RefreshTokenLifetime }.Max() + ClockSkew;
        }
    }

    internal IChangeToken ServerOptionsChanged
    {
        get
        {
            lock (_changes)
            {
                return new CancellationChangeToken(_serverChanged.Token);
            }
        }
    }

    internal IChangeToken ValidationOptionsChanged
    {
        get
        {
            lock (_changes)
            {
                return new CancellationChangeToken(_validationChanged.Token);
            }
        }
    }

    /// <summary>Fills OpenIddict's credentials: the published public keys, the internal HS256 key and the encryption key.</summary>
    public void Configure(OpenIddictServerOptions openIddict)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        EnsureActiveKey(db, now);
        var published = Published(Ring(db), now);
        foreach (var key in published)
        {
            var credentials = Credentials(key);
            _signsFrom[credentials.Key.KeyId] = key.SignsFrom;
            openIddict.SigningCredentials.Add(credentials);
        }

        _loaded = published.Select(k => k.Id).ToHashSet();

        var internalKey = Convert.FromBase64String(LoadOrCreate(db, ServerKeyPurpose.Signing, Hs256, CreateSymmetricKey));
        openIddict.SigningCredentials.Add(new SigningCredentials(
            new SymmetricSecurityKey(internalKey) { KeyId = KeyId(SHA256.HashData(internalKey)) }, SecurityAlgorithms.HmacSha256));

        var encryption = Convert.FromBase64String(LoadOrCreate(db, ServerKeyPurpose.Encryption, "A256KW", CreateSymmetricKey));
        openIddict.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(encryption), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    /// <summary>Of <paramref name="credentials"/>, the public key that signs at <paramref name="now"/>: the latest that has started.</summary>
    public SigningCredentials? Signing(IEnumerable<SigningCredentials> credentials, DateTime now) =>
        credentials
            .Where(c => c.Key is AsymmetricSecurityKey && _signsFrom.TryGetValue(c.Key.KeyId, out var from) && from <= now)
            .MaxBy(c => _signsFrom[c.Key.KeyId]);

    /// <summary>
    /// The hook for cross-node invalidation: OpenIddict's server and validation options are built again from the
    /// database (server first: the validation copies its keys) and the cached discovery and JWKS are dropped.
    /// </summary>
    public void Invalidate()
    {
        CancellationTokenSource server, validation;
        lock (_changes)
        {
            (server, _serverChanged) = (_serverChanged, new CancellationTokenSource());
            (validation, _validationChanged) = (_validationChanged, new CancellationTokenSource());
        }

        server.Cancel();
        validation.Cancel();
        server.Dispose();
        validation.Dispose();
        if (services.GetService<IOutputCacheStore>() is { } cache)
        {
            cache.EvictByTagAsync(WellKnownDocumentCache.Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    public void Dispose()
    {
        _serverChanged.Dispose();
        _validationChanged.Dispose();
    }

    /// <summary>Creates the next key when one is due (one node wins the claim) and reloads when the published set changed.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            await AnnounceNextKeyIfDueAsync(db, now, cancellationToken);
            var published = Published(await RingAsync(db, cancellationToken), now).Select(k => k.Id).ToHashSet();
            if (published.SetEquals(_loaded))
            {
                return;
            }
        }

        Announce();
    }

    /// <summary>The published set changed: reload here and tell the other nodes (Hosting/Nodes), which reload at once.</summary>
    private void Announce()
    {
        Invalidate();
        services.GetService<NodeCaches>()?.Changed(NodeCacheTopics.SigningKeys);
    }

    /// <summary>
    /// Rotates at once (key compromise): a new key signs from now, keys announced but not yet signing are withdrawn, and
    /// with <paramref name="withdraw"/> the key that signed until now leaves the JWKS at once (its tokens stop validating).
    /// </summary>
    public async Task<(string NewKeyId, string? WithdrawnKeyId)> RotateNowAsync(bool withdraw, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var ring = await RingAsync(db, cancellationToken);
        foreach (var pending in ring.Where(k => k.WithdrawnAt is null && k.SignsFrom > now))
        {
            pending.WithdrawnAt = now;
        }

        var active = Active(ring, now);
        string? withdrawnKeyId = null;
        if (withdraw && active is not null)
        {
            active.WithdrawnAt = now;
            withdrawnKeyId = Credentials(active).Key.KeyId;
        }

        var next = NewKey(ring, now);
        db.ServerKeys.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        var newKeyId = Credentials(next).Key.KeyId;
        trail.Record(new SecurityEvent(SecurityEventKind.SigningKeyRotated,
            Detail: withdrawnKeyId is null ? $"rotated-now {next.Algorithm} {newKeyId}" : $"rotated-now {next.Algorithm} {newKeyId}, withdrawn {withdrawnKeyId}"));
        Announce();
        return (newKeyId, withdrawnKeyId);
    }

    private async Task AnnounceNextKeyIfDueAsync(ApplicationDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var ring = await RingAsync(db, cancellationToken);
        var active = Active(ring, now);
        if (active is null)
        {
            EnsureActiveKey(db, now);
            return;
        }

        if (ring.Any(k => k.WithdrawnAt is null && k.SignsFrom > now))
        {
            return; // the next key is already announced
        }

        var settings = options.Value;
        var due = now >= active.SignsFrom + settings.RotationInterval - settings.AnnouncePeriod
            || active.Algorithm != tokens.Value.SigningAlgorithm
            || IsWeak(active);
        if (!due)
        {
            return;
        }

        var next = NewKey(ring, now + settings.AnnouncePeriod);
        next.CreatedAt = now;
        db.ServerKeys.Add(next);
        if (await ClaimedAsync(db, cancellationToken))
        {
            trail.Record(new SecurityEvent(SecurityEventKind.SigningKeyRotated,
                Detail: $"announced {next.Algorithm} {Credentials(next).Key.KeyId} signing from {next.SignsFrom:O}"));
        }
    }

    private void EnsureActiveKey(ApplicationDbContext db, DateTime now)
    {
        var ring = Ring(db);
        if (Active(ring, now) is not null)
        {
            return;
        }

        db.ServerKeys.Add(NewKey(ring, now));
        ClaimedAsync(db, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Saves a new key; false when another node's successor of the same key won (unique index on Succeeds).</summary>
    private async Task<bool> ClaimedAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            logger.LogInformation("Another node created the next signing key first; using it.");
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private ServerKey NewKey(IReadOnlyList<ServerKey> ring, DateTime activeFrom)
    {
        var algorithm = tokens.Value.SigningAlgorithm;
        var newest = ring.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).FirstOrDefault();
        return new ServerKey
        {
            Purpose = ServerKeyPurpose.Signing,
            Algorithm = algorithm,
            ProtectedKey = _protector.Protect(algorithm == Es256 ? CreateEcKey() : CreateRsaKey()),
            CreatedAt = activeFrom,
            ActiveFrom = activeFrom,
            Succeeds = newest?.Id ?? Guid.Empty,
        };
    }

    /// <summary>The key that signs at <paramref name="now"/>: the latest that has started and was not withdrawn.</summary>
    private static ServerKey? Active(IEnumerable<ServerKey> ring, DateTime now) =>
        ring.Where(k => k.WithdrawnAt is null && k.SignsFrom <= now).OrderByDescending(k => k.SignsFrom).ThenByDescending(k => k.Id).FirstOrDefault();

    private List<ServerKey> Published(IReadOnlyList<ServerKey> ring, DateTime now)
    {
        var overlap = Overlap;
        return ring.Where(k => k.WithdrawnAt is null && (Retired(ring, k) is not { } retired || now < retired + overlap)).ToList();

        // A key stops signing when a later key starts that really signed (not one withdrawn before it started).
        static DateTime? Retired(IReadOnlyList<ServerKey> ring, ServerKey key) => ring
            .Where(o => o.SignsFrom > key.SignsFrom && (o.WithdrawnAt is null || o.WithdrawnAt > o.SignsFrom))
            .Select(o => (DateTime?)o.SignsFrom)
            .Min();
    }

    private static List<ServerKey> Ring(ApplicationDbContext db) => Legacy(db.ServerKeys.Where(IsPublicSigningKey).ToList());

    private static async Task<List<ServerKey>> RingAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        Legacy(await db.ServerKeys.Where(IsPublicSigningKey).ToListAsync(cancellationToken));

    private static readonly System.Linq.Expressions.Expression<Func<ServerKey, bool>> IsPublicSigningKey =
        k => k.Purpose == ServerKeyPurpose.Signing && (k.Algorithm == Rs256 || k.Algorithm == Es256);

    /// <summary>Of the keys from before rotation only the oldest per algorithm was ever used (two nodes could create two).</summary>
    private static List<ServerKey> Legacy(List<ServerKey> keys) =>
        keys.Where(k => k.ActiveFrom is not null
            || k == keys.Where(o => o.ActiveFrom is null && o.Algorithm == k.Algorithm).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).First()).ToList();

    private bool IsWeak(ServerKey key)
    {
        if (key.Algorithm != Rs256)
        {
            return false;
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(_protector.Unprotect(key.ProtectedKey));
        return rsa.KeySize < SigningKeyOptions.RsaKeySize;
    }

    private SigningCredentials Credentials(ServerKey key)
    {
        var pem = _protector.Unprotect(key.ProtectedKey);
        if (key.Algorithm == Es256)
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

    /// <summary>The internal HS256 and the encryption key: one each, created on first use, not rotated.</summary>
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
        using var rsa = RSA.Create(SigningKeyOptions.RsaKeySize);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static string CreateEcKey()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKeyPem();
    }

    private static string CreateSymmetricKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string KeyId(byte[] material) => Base64UrlEncoder.Encode(SHA256.HashData(material)[..16]);
}
