using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>
/// The one check behind every administrative page (<see cref="OrganisationAdministratorPage"/>): the acting user
/// administers that very, active organisation. It answers 404 when this fails, so that nothing reveals whether the
/// organisation exists.
/// </summary>
public static class OrganisationAccess
{
    public static Task<Membership?> AdministeredMembershipAsync(
        this ApplicationDbContext db, string userId, Guid organisationId, CancellationToken cancellationToken) =>
        db.Memberships
            .Include(m => m.User)
            .Include(m => m.Organisation).ThenInclude(o => o.Chamber)
            .SingleOrDefaultAsync(
                m => m.UserId == userId && m.OrganisationId == organisationId && m.IsAdministrator
                    && m.Organisation.Status == OrganisationStatus.Active,
                cancellationToken);

    /// <summary>The chamber the user works for as chamber staff, or null.</summary>
    public static Task<int?> StaffChamberIdAsync(this ApplicationDbContext db, string userId, CancellationToken cancellationToken) =>
        db.ChamberStaff.Where(s => s.UserId == userId).Select(s => (int?)s.ChamberId).SingleOrDefaultAsync(cancellationToken);
}
