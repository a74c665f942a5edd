using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>An active organisation a user belongs to, with the role keys they hold there for one client.</summary>
public sealed record OrganisationContext(Guid OrganisationId, string Firmierung, string? Identnummer, string Kammernummer, IReadOnlyList<string> Roles)
{
    public bool HasRoles => Roles.Count > 0;
}

public static class OrganisationContexts
{
    /// <summary>Every active membership of the user, with the roles of <paramref name="clientId"/> only.</summary>
    public static async Task<List<OrganisationContext>> ForUserAsync(
        this ApplicationDbContext db, string userId, string clientId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Memberships
            .AsNoTracking()
            .Where(m => m.UserId == userId && m.Organisation.Status == OrganisationStatus.Active)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new
            {
                m.OrganisationId,
                m.Organisation.Firmierung,
                m.Organisation.Identnummer,
                m.Organisation.Chamber.Kammernummer,
                Roles = m.Roles
                    .Where(r => r.Role.Fachanwendung.ClientId == clientId)
                    .Select(r => r.Role.Key)
                    .ToList(),
            })
            .ToListAsync(cancellationToken);

        return rows
            .Select(r => new OrganisationContext(r.OrganisationId, r.Firmierung, r.Identnummer, r.Kammernummer, r.Roles.Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
