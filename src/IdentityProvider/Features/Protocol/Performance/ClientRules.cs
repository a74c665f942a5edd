using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace MeineIhk.IdentityProvider.Features.Protocol.Performance;

/// <summary>
/// Per-client facts the token endpoint needs on every request and an administrator changes rarely: whether a
/// Fachanwendung requires a role, and which resources (audiences) its scopes stand for. Whoever changes them
/// calls <see cref="Forget"/>; other nodes follow within Tokens:ApplicationCacheLifetime.
/// </summary>
public sealed class ClientRules(IServiceScopeFactory scopes, ApplicationSnapshots applications)
{
    private readonly ShortLivedCache<bool> _roleRequired = new(applications.Lifetime);
    private readonly ShortLivedCache<string[]> _resources = new(applications.Lifetime);

    public ValueTask<bool> RoleRequiredAsync(string clientId, CancellationToken cancellationToken) =>
        _roleRequired.GetOrAddAsync(clientId, async (id, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            return await db.Fachanwendungen.AsNoTracking().AnyAsync(f => f.ClientId == id && f.RoleRequired, ct);
        }, cancellationToken);

    public ValueTask<string[]> ResourcesAsync(IEnumerable<string> scopeNames, CancellationToken cancellationToken) =>
        _resources.GetOrAddAsync(string.Join(' ', scopeNames.Order(StringComparer.Ordinal)), async (key, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
            var resources = new List<string>();
            await foreach (var resource in manager.ListResourcesAsync([.. key.Split(' ', StringSplitOptions.RemoveEmptyEntries)], ct))
            {
                resources.Add(resource);
            }

            return resources.ToArray();
        }, cancellationToken);

    /// <summary>After an administrator changed a client, its Fachanwendung or a scope.</summary>
    public void Forget()
    {
        _roleRequired.Clear();
        _resources.Clear();
        applications.Clear();
    }
}
