using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>
/// The dashboard's part for company administrators (manual 4.2 and 7): per administered organisation the expandable
/// "Offene Anfragen" / "Meine Anfragen" with "Mir zuweisen", and "Neues Organisationspasswort anfordern".
/// </summary>
public sealed class DashboardRequestsViewComponent(ApplicationDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? string.Empty;
        var administered = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.IsAdministrator && m.Organisation.Status == OrganisationStatus.Active)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new { m.OrganisationId, m.Organisation.Firmierung })
            .ToListAsync();
        var ids = administered.Select(a => a.OrganisationId).ToList();
        var requests = await IndexModel.OpenRows(db, ids).ToListAsync();
        var lists = administered
            .Select(a => new RequestLists(a.OrganisationId, a.Firmierung, userId,
                requests.Where(r => r.OrganisationId == a.OrganisationId).ToList(), 3, true))
            .ToList();
        return View(new Dashboard(lists, TempData["Message"] as string));
    }

    public sealed record Dashboard(IReadOnlyList<RequestLists> Organisations, string? Message);
}
