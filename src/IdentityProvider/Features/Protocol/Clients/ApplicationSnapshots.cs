using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.IdentityProvider.Features.Protocol.Clients;

/// <summary>
/// Client applications kept across requests, so that a token request does not read its client from the
/// database. An update or deletion through OpenIddict's manager removes the entry at once on this node
/// (<see cref="SharedApplicationCache"/>); other nodes see the change after <see cref="Lifetime"/> at most.
/// Callers always get a copy: OpenIddict may modify and attach the object it receives.
/// </summary>
public sealed class ApplicationSnapshots(IOptions<TokenOptions> tokens)
{
    private readonly ConcurrentDictionary<string, Entry> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);

    public TimeSpan Lifetime { get; } = tokens.Value.ApplicationCacheLifetime;

    public OpenIddictEntityFrameworkCoreApplication? FindByClientId(string clientId) => Find(_byClientId, clientId);

    public OpenIddictEntityFrameworkCoreApplication? FindById(string id) => Find(_byId, id);

    public void Add(OpenIddictEntityFrameworkCoreApplication application)
    {
        if (Lifetime <= TimeSpan.Zero || application.ClientId is null || application.Id is null)
        {
            return;
        }

        var entry = new Entry(Copy(application), Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
        _byClientId[application.ClientId] = entry;
        _byId[application.Id] = entry;
    }

    public void Remove(OpenIddictEntityFrameworkCoreApplication application)
    {
        if (application.ClientId is not null)
        {
            _byClientId.TryRemove(application.ClientId, out _);
        }

        if (application.Id is not null)
        {
            _byId.TryRemove(application.Id, out _);
        }
    }

    /// <summary>Forgets every client (after changes made outside OpenIddict's manager).</summary>
    public void Clear()
    {
        _byClientId.Clear();
        _byId.Clear();
    }

    private static OpenIddictEntityFrameworkCoreApplication? Find(ConcurrentDictionary<string, Entry> entries, string key)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (Environment.TickCount64 > entry.ExpiresAt)
        {
            entries.TryRemove(KeyValuePair.Create(key, entry));
            return null;
        }

        return Copy(entry.Application);
    }

    private static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication source) => new()
    {
        Id = source.Id,
        ApplicationType = source.ApplicationType,
        ClientId = source.ClientId,
        ClientSecret = source.ClientSecret,
        ClientType = source.ClientType,
        ConcurrencyToken = source.ConcurrencyToken,
        ConsentType = source.ConsentType,
        DisplayName = source.DisplayName,
        DisplayNames = source.DisplayNames,
        JsonWebKeySet = source.JsonWebKeySet,
        Permissions = source.Permissions,
        PostLogoutRedirectUris = source.PostLogoutRedirectUris,
        Properties = source.Properties,
        RedirectUris = source.RedirectUris,
        Requirements = source.Requirements,
        Settings = source.Settings,
    };

    private sealed record Entry(OpenIddictEntityFrameworkCoreApplication Application, long ExpiresAt);
}
