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
/// "Aus Organisation austreten", after a confirmation. The membership and its roles end (tokens lose the
/// claims at the next refresh), open requests are withdrawn, the administrators are told. The last
/// administrator cannot leave.
/// </summary>
public sealed class LeaveModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    Notifier notifier,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public string Firmierung { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationOfAsync(organisationId, cancellationToken);
        if (organisation is null)
        {
            return NotFound();
        }

        Firmierung = organisation.Firmierung;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationOfAsync(organisationId, cancellationToken);
        if (organisation is null)
        {
            return NotFound();
        }

        Firmierung = organisation.Firmierung;
        var user = (await users.GetUserAsync(User))!;
        var membership = organisation.Memberships.Single(m => m.UserId == user.Id);
        try
        {
            organisation.RemoveMember(membership);
        }
        catch (DomainRuleException e) when (e.Rule == DomainRule.LastAdministrator)
        {
            ModelState.AddModelError(string.Empty, t["Mine.LastAdministrator", Firmierung]);
            return Page();
        }

        if (membership.IsAdministrator)
        {
            // Two administrators leaving at once must not leave the organisation without one.
            organisation.ConcurrencyStamp = Guid.NewGuid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var open in await db.MembershipRequests
                     .Where(r => r.OrganisationId == organisationId && r.UserId == user.Id && r.Status == MembershipRequestStatus.Open)
                     .ToListAsync(cancellationToken))
        {
            open.Withdraw(now);
        }

        db.Audit(AuditAction.MemberLeft, now, user, organisationId, subject: user);
        await notifier.NotifyAdministratorsAsync(db, organisation, NotificationKind.MemberLeft, user.DisplayName,
            Request.PublicUri("/organisationen"), cancellationToken, exceptUserId: user.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Requests.Conflict"]);
            return Page();
        }

        TempData["Message"] = t["Mine.Left", Firmierung].Value;
        return LocalRedirect("/organisationen");
    }

    private async Task<Organisation?> OrganisationOfAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        return await db.Organisations
            .Include(o => o.Memberships)
            .SingleOrDefaultAsync(
                o => o.Id == organisationId && o.Status == OrganisationStatus.Active && o.Memberships.Any(m => m.UserId == userId),
                cancellationToken);
    }
}
