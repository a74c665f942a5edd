using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>The dashboard's tiles for requests: join, own organisations, and per administered organisation the open requests.</summary>
public sealed class RequestTilesViewComponent(ApplicationDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? string.Empty;
        var administered = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.IsAdministrator && m.Organisation.Status == OrganisationStatus.Active)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new Tile(
                m.OrganisationId,
                m.Organisation.Firmierung,
                db.MembershipRequests.Count(r => r.OrganisationId == m.OrganisationId && r.Status == MembershipRequestStatus.Open)))
            .ToListAsync();
        return View(administered);
    }

    public sealed record Tile(Guid OrganisationId, string Firmierung, int Open);
}
