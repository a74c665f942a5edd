using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Mine;

/// <summary>
/// "Rollenanfrage stellen": a member asks the administrators for roles of any enabled Fachanwendung. Reached
/// from "Meine Organisationen" and from the refusal page of an application (?client= narrows the choice).
/// </summary>
public sealed class RoleRequestModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    Notifier notifier,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public List<Guid> RoleIds { get; set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Client { get; set; }

    public string Firmierung { get; private set; } = string.Empty;

    public RoleCatalogue Catalogue { get; private set; } = new([]);

    public IReadOnlyCollection<Guid> Held { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await LoadAsync(organisationId, cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        var membership = await LoadAsync(organisationId, cancellationToken);
        if (membership is null)
        {
            return NotFound();
        }

        var reason = RequestText.Check(ModelState, nameof(Reason), Reason, t["Requests.RoleReason"], MembershipRequest.ReasonMaxLength, t);
        var chosen = Catalogue.Known(RoleIds).Where(id => !Held.Contains(id)).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError(nameof(RoleIds), t["Mine.ChooseRole"]);
        }

        if (await db.MembershipRequests.AnyAsync(
                r => r.OrganisationId == organisationId && r.UserId == membership.UserId && r.Status == MembershipRequestStatus.Open,
                cancellationToken))
        {
            ModelState.AddModelError(string.Empty, t["Mine.RequestAlreadyOpen", Firmierung]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var request = new MembershipRequest
        {
            Kind = MembershipRequestKind.Role,
            OrganisationId = organisationId,
            UserId = membership.UserId,
            Reason = reason,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        foreach (var role in await db.FachanwendungRoles.Where(r => chosen.Contains(r.Id) && r.Fachanwendung.IsEnabled && r.Fachanwendung.ApprovedAt != null).ToListAsync(cancellationToken))
        {
            request.RequestRole(role);
        }

        db.MembershipRequests.Add(request);
        await notifier.NotifyAdministratorsAsync(db, membership.Organisation, NotificationKind.RoleRequestReceived, membership.User.DisplayName,
            Request.PublicUri(RequestNotices.DetailsPath(organisationId, request.Id)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = t["Mine.RoleRequestSent", Firmierung].Value;
        return LocalRedirect("/organisationen");
    }

    private async Task<Membership?> LoadAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var membership = await db.Memberships
            .Include(m => m.Organisation)
            .Include(m => m.User)
            .Include(m => m.Roles)
            .SingleOrDefaultAsync(m => m.UserId == userId && m.OrganisationId == organisationId && m.Organisation.Status == OrganisationStatus.Active, cancellationToken);
        if (membership is null)
        {
            return null;
        }

        Firmierung = membership.Organisation.Firmierung;
        Held = membership.Roles.Select(r => r.FachanwendungRoleId).ToList();
        Catalogue = await RoleCatalogue.LoadAsync(db, cancellationToken);
        if (!string.IsNullOrEmpty(Client) && Catalogue.Applications.Any(a => a.ClientId == Client))
        {
            Catalogue = new RoleCatalogue(Catalogue.Applications.Where(a => a.ClientId == Client).ToList());
        }

        return membership;
    }
}
