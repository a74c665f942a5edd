using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Mine;

/// <summary>"Meine Organisationen": the user's organisations with their roles, and their own open requests.</summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<MembershipView> Memberships { get; private set; } = [];

    public IReadOnlyList<OpenRequestView> OpenRequests { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        Memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Organisation.Status == OrganisationStatus.Active)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new MembershipView(
                m.OrganisationId,
                m.Organisation.Firmierung,
                m.Organisation.Strasse + " " + m.Organisation.Hausnummer + ", " + m.Organisation.Plz + " " + m.Organisation.Ort,
                m.Organisation.Chamber.Name,
                m.IsAdministrator,
                m.Roles
                    .Select(r => new RoleView(
                        english ? r.Role.Fachanwendung.DisplayNameEn : r.Role.Fachanwendung.DisplayNameDe,
                        english ? r.Role.DisplayNameEn : r.Role.DisplayNameDe))
                    .ToList()))
            .ToListAsync(cancellationToken);

        OpenRequests = await db.MembershipRequests.AsNoTracking()
            .Where(r => r.UserId == userId && r.Status == MembershipRequestStatus.Open)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new OpenRequestView(r.Id, r.Kind, r.Organisation.Firmierung, r.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The user takes back an own open request.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var request = await db.MembershipRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.UserId == userId, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        try
        {
            request.Withdraw(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            Message = t["Mine.Withdrawn"];
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
        {
            Message = t["Mine.AlreadyDecided"];
        }

        return LocalRedirect("/organisationen");
    }

    public sealed record MembershipView(Guid OrganisationId, string Firmierung, string Address, string Chamber, bool IsAdministrator, List<RoleView> Roles);

    public sealed record RoleView(string Fachanwendung, string Role);

    public sealed record OpenRequestView(Guid Id, MembershipRequestKind Kind, string Firmierung, DateTime CreatedAt);
}
