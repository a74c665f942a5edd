using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Home;

/// <summary>The dashboard: who is logged in, the organisations and the roles per Fachanwendung.</summary>
public sealed class IndexModel(ApplicationDbContext db, UserManager<ApplicationUser> users) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public IReadOnlyList<MembershipView> Memberships { get; private set; } = [];

    /// <summary>The organisations this user asked to register, with their status (chapter 3).</summary>
    public IReadOnlyList<RequestView> Requests { get; private set; } = [];
    public bool IsChamberStaff { get; private set; }

    public bool IsDeveloper { get; private set; }

    public bool IsPlatformAdministrator { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var user = await users.FindByIdAsync(userId);
        DisplayName = user?.DisplayName ?? string.Empty;
        IsChamberStaff = await db.ChamberStaff.AnyAsync(s => s.UserId == userId, cancellationToken);
        var platformRoles = user is null ? [] : await users.GetRolesAsync(user);
        IsPlatformAdministrator = platformRoles.Contains(PlatformRoles.Administrator);
        IsDeveloper = IsPlatformAdministrator || platformRoles.Contains(PlatformRoles.Developer);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

        Memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Organisation.Status == OrganisationStatus.Active)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new MembershipView(
                m.OrganisationId,
                m.Organisation.Firmierung,
                m.Organisation.Identnummer,
                m.Organisation.Chamber.Name,
                m.IsAdministrator,
                m.Roles
                    .OrderBy(r => r.Role.Fachanwendung.DisplayNameDe).ThenBy(r => r.Role.Key)
                    .Select(r => new RoleView(
                        english ? r.Role.Fachanwendung.DisplayNameEn : r.Role.Fachanwendung.DisplayNameDe,
                        english ? r.Role.DisplayNameEn : r.Role.DisplayNameDe))
                    .ToList()))
            .ToListAsync(cancellationToken);

        Requests = await db.Organisations.AsNoTracking()
            .Where(o => o.RequestedByUserId == userId)
            .OrderByDescending(o => o.CreatedAt)
            .Select(o => new RequestView(o.Id, o.Firmierung, o.Chamber.Name, o.Status, o.RejectionReason))
            .ToListAsync(cancellationToken);
    }

    public sealed record RequestView(Guid Id, string Firmierung, string Chamber, OrganisationStatus Status, string? RejectionReason);

    public sealed record MembershipView(Guid OrganisationId, string Firmierung, string? Identnummer, string Chamber, bool IsAdministrator, List<RoleView> Roles);

    public sealed record RoleView(string Fachanwendung, string Role);
}
