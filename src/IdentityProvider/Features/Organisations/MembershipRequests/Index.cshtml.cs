using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>
/// "Beitrittsanfragen" and "Rollenanfragen" of one organisation for its administrators (chapter 6):
/// "Offene Anfragen" that nobody or someone else took, "Meine Anfragen" taken with "Mir zuweisen".
/// </summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    public string Firmierung => Organisation.Firmierung;

    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];

    public string CurrentUserId => AdminMembership.UserId;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Requests = await OpenRows(db, [OrganisationId]).ToListAsync(cancellationToken);
        return Page();
    }

    /// <summary>"Mir zuweisen": the request moves to "Meine Anfragen" of the acting administrator.</summary>
    public async Task<IActionResult> OnPostAssignAsync(Guid requestId, bool toDashboard, CancellationToken cancellationToken)
    {
        var request = await db.MembershipRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.OrganisationId == OrganisationId, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        try
        {
            request.AssignTo(CurrentUserId, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            Message = t["Requests.Assigned"];
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
        {
            Message = t["Requests.Conflict"];
        }

        return toDashboard ? LocalRedirect($"/#o{OrganisationId:N}-anfragen") : LocalRedirect(RequestNotices.ListPath(OrganisationId));
    }

    /// <summary>The open requests of the given organisations, oldest first, as the lists show them (here and on the dashboard).</summary>
    public static IQueryable<RequestRow> OpenRows(ApplicationDbContext db, List<Guid> organisationIds) =>
        db.MembershipRequests.AsNoTracking()
            .Where(r => organisationIds.Contains(r.OrganisationId) && r.Status == MembershipRequestStatus.Open)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new RequestRow(
                r.Id, r.OrganisationId, r.Kind, r.User.UserName!, r.User.GivenName + " " + r.User.FamilyName, r.CreatedAt, r.AssignedToUserId,
                db.Users.Where(u => u.Id == r.AssignedToUserId).Select(u => u.GivenName + " " + u.FamilyName).FirstOrDefault()));

    public sealed record RequestRow(
        Guid Id, Guid OrganisationId, MembershipRequestKind Kind, string UserName, string Name, DateTime CreatedAt, string? AssignedToUserId, string? AssignedToName);
}
