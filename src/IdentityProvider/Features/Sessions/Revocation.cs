using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Revokes OpenIddict authorizations and tokens as tracked changes of the caller's context, so the caller's one
/// SaveChanges commits them together with the change that causes them. Each revoked row gets a new concurrency
/// token: the update is checked against the token the row had when it was read, so a refresh that redeems the
/// same token at the same time and this revocation cannot both succeed (the loser's SaveChanges throws
/// <see cref="DbUpdateConcurrencyException"/> and changes nothing).
/// </summary>
internal static class Revocation
{
    /// <summary>What a user holds at the given clients (<c>null</c>: at every client) and that still works.</summary>
    public static async Task RevokeAsync(
        ApplicationDbContext db, string userId, IReadOnlyCollection<string>? clientIds, CancellationToken cancellationToken)
    {
        var authorizations = db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => a.Subject == userId && (a.Status == Statuses.Valid || a.Status == Statuses.Inactive));
        var tokens = db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Subject == userId && (t.Status == Statuses.Valid || t.Status == Statuses.Inactive));
        if (clientIds is not null)
        {
            authorizations = authorizations.Where(a => clientIds.Contains(a.Application!.ClientId!));
            tokens = tokens.Where(t => clientIds.Contains(t.Application!.ClientId!));
        }

        foreach (var authorization in await authorizations.ToListAsync(cancellationToken))
        {
            authorization.Status = Statuses.Revoked;
            authorization.ConcurrencyToken = Guid.NewGuid().ToString();
        }

        foreach (var token in await tokens.ToListAsync(cancellationToken))
        {
            token.Status = Statuses.Revoked;
            token.ConcurrencyToken = Guid.NewGuid().ToString();
        }
    }
}
