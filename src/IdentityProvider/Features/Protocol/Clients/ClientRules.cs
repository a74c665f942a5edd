using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Hosting.Nodes;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.IdentityProvider.Features.Protocol.Clients;

/// <summary>
/// Per-client facts the token endpoint needs on every request and an administrator changes rarely: whether a
/// Fachanwendung requires a role, its secrets, and the browser origins of public clients. Whoever changes them
/// calls <see cref="Forget"/> after saving: this node and, through <see cref="NodeCaches"/>, every other node forget
/// at once; Tokens:ApplicationCacheLifetime is only the backstop for a notice lost with a node that died in between.
/// </summary>
public sealed class ClientRules
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ApplicationSnapshots _applications;
    private readonly NodeCaches _caches;

    public ClientRules(IServiceScopeFactory scopes, ApplicationSnapshots applications, NodeCaches caches)
    {
        _scopes = scopes;
        _applications = applications;
        _caches = caches;
        _roleRequired = new(applications.Lifetime);
        _firstParty = new(applications.Lifetime);
        _webOrigins = new(applications.Lifetime);
        _usable = new(applications.Lifetime);
        _secrets = new(applications.Lifetime);
        caches.Register(NodeCacheTopics.Clients, ForgetHere);
    }

    private readonly ShortLivedCache<bool> _roleRequired;
    private readonly ShortLivedCache<bool> _firstParty;
    private readonly ShortLivedCache<HashSet<string>> _webOrigins;
    private readonly ShortLivedCache<bool> _usable;
    private readonly ShortLivedCache<StoredSecret[]> _secrets;

    /// <summary>
    /// False when a platform administrator disabled the Fachanwendung or has not approved it yet. Clients without a
    /// Fachanwendung row (set up by configuration, e.g. a management client of an operator) are usable.
    /// </summary>
    public ValueTask<bool> IsUsableAsync(string clientId, CancellationToken cancellationToken) =>
        _usable.GetOrAddAsync(clientId, async (id, ct) =>
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var state = await db.Fachanwendungen.AsNoTracking()
                .Where(f => f.ClientId == id)
                .Select(f => new { f.IsEnabled, f.ApprovedAt })
                .SingleOrDefaultAsync(ct);
            return state is null || (state.IsEnabled && state.ApprovedAt != null);
        }, cancellationToken);

    /// <summary>The hashes of the client's registered secrets with their validity (empty for clients without any).</summary>
    public ValueTask<StoredSecret[]> SecretsAsync(string clientId, CancellationToken cancellationToken) =>
        _secrets.GetOrAddAsync(clientId, async (id, ct) =>
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            return await db.ApplicationSecrets.AsNoTracking()
                .Where(s => s.Fachanwendung.ClientId == id)
                .Select(s => new StoredSecret(s.Hash, s.ExpiresAt, s.RevokedAt))
                .ToArrayAsync(ct);
        }, cancellationToken);

    public ValueTask<bool> RoleRequiredAsync(string clientId, CancellationToken cancellationToken) =>
        _roleRequired.GetOrAddAsync(clientId, async (id, ct) =>
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            return await db.Fachanwendungen.AsNoTracking().AnyAsync(f => f.ClientId == id && f.RoleRequired, ct);
        }, cancellationToken);

    /// <summary>
    /// True when users are not asked for consent: the Fachanwendung is marked first-party, or the client has no
    /// Fachanwendung row (set up by configuration, like the operator's management client).
    /// </summary>
    public ValueTask<bool> FirstPartyAsync(string clientId, CancellationToken cancellationToken) =>
        _firstParty.GetOrAddAsync(clientId, async (id, ct) =>
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var firstParty = await db.Fachanwendungen.AsNoTracking().Where(f => f.ClientId == id).Select(f => (bool?)f.FirstParty).SingleOrDefaultAsync(ct);
            return firstParty ?? true;
        }, cancellationToken);

    /// <summary>
    /// The browser origins that public, usable clients registered (CORS for the protocol endpoints). One set for all
    /// clients: a preflight names no client.
    /// </summary>
    public ValueTask<HashSet<string>> WebOriginsAsync(CancellationToken cancellationToken) =>
        _webOrigins.GetOrAddAsync(string.Empty, async (_, ct) =>
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var registered = await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
                .Where(a => a.ClientType == OpenIddictConstants.ClientTypes.Public && a.Properties != null
                    && a.Properties.Contains(ResourcesKeysOrigins.WebOriginsProperty))
                .Select(a => new { a.ClientId, a.Properties })
                .ToListAsync(ct);
            var unusable = await db.Fachanwendungen.AsNoTracking()
                .Where(f => !f.IsEnabled || f.ApprovedAt == null)
                .Select(f => f.ClientId)
                .ToListAsync(ct);
            return registered
                .Where(a => !unusable.Contains(a.ClientId!))
                .SelectMany(a => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(a.Properties!) is { } properties
                    && properties.TryGetValue(ResourcesKeysOrigins.WebOriginsProperty, out var origins)
                        ? ResourcesKeysOrigins.StringsOf(origins)
                        : [])
                .ToHashSet(StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>After an administrator changed a client, its Fachanwendung or a scope: on every node.</summary>
    public void Forget() => _caches.Changed(NodeCacheTopics.Clients);

    private void ForgetHere()
    {
        _roleRequired.Clear();
        _firstParty.Clear();
        _webOrigins.Clear();
        _usable.Clear();
        _secrets.Clear();
        _applications.Clear();
    }
}

/// <summary>A secret's hash and validity as the token endpoint checks it.</summary>
public sealed record StoredSecret(string Hash, DateTime? ExpiresAt, DateTime? RevokedAt)
{
    public bool IsValidAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
