using MeineIhk.IdentityProvider.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.IdentityProvider.Features.Protocol.Clients;

/// <summary>
/// OpenIddict's per-request application cache, backed by the process-wide <see cref="ApplicationSnapshots"/>.
/// A copy taken from the snapshots is attached to the request's context (unchanged), as if the store had just
/// read it: later look-ups by key in the same request find it without a query, and an update in the same
/// request meets one tracked instance, not two.
/// </summary>
public sealed class SharedApplicationCache(
    ApplicationSnapshots snapshots,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ApplicationDbContext db)
    : IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>
{
    public ValueTask AddAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        snapshots.Add(application);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (snapshots.FindByClientId(identifier) is { } cached)
        {
            return Track(cached);
        }

        var application = await store.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null)
        {
            snapshots.Add(application);
        }

        return application;
    }

    public async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (snapshots.FindById(identifier) is { } cached)
        {
            return Track(cached);
        }

        var application = await store.FindByIdAsync(identifier, cancellationToken);
        if (application is not null)
        {
            snapshots.Add(application);
        }

        return application;
    }

    // Look-ups by URI happen at logout and are rare: straight to the store.
    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        store.FindByPostLogoutRedirectUriAsync(uri, cancellationToken);

    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        store.FindByRedirectUriAsync(uri, cancellationToken);

    private OpenIddictEntityFrameworkCoreApplication Track(OpenIddictEntityFrameworkCoreApplication copy)
    {
        var applications = db.Set<OpenIddictEntityFrameworkCoreApplication>();
        if (applications.Local.FindEntry(copy.Id!) is { } tracked)
        {
            return tracked.Entity;
        }

        applications.Attach(copy);
        return copy;
    }

    public ValueTask RemoveAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        snapshots.Remove(application);
        return ValueTask.CompletedTask;
    }
}
