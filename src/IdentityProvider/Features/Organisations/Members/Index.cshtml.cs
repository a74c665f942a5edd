using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Members;

/// <summary>
/// "Organisationsmitglieder": search and page through the members; per member the roles of every
/// Fachanwendung (Ja/Nein), the administrator flag and removal. Only administrators of this organisation get in
/// (404 otherwise); every handler checks that the member belongs to it.
/// </summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    MemberDirectory directory,
    Notifier notifier,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public string Firmierung => Organisation.Firmierung;

    public string ActingUserId => AdminMembership.UserId;

    public MemberPage Members { get; private set; } = new([], 0, 1, MemberDirectory.DefaultPageSize);

    public RoleCatalogue Catalogue { get; private set; } = new([]);

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Search?.Length > 100)
        {
            Search = Search[..100];
        }

        Members = await directory.FindAsync(OrganisationId, Search, PageNumber, MemberDirectory.DefaultPageSize, cancellationToken);
        Catalogue = await RoleCatalogue.LoadAsync(db, CultureInfo.CurrentUICulture, cancellationToken);
        return Page();
    }

    /// <summary>Saves the Ja/Nein choices: only roles whose choice differs from what the form showed change.</summary>
    /// <param name="roles">Role id → Ja (true) / Nein (false), as chosen.</param>
    /// <param name="held">The role ids the member held when the form was shown.</param>
    public async Task<IActionResult> OnPostRolesAsync(Guid membershipId, Dictionary<Guid, bool>? roles, List<Guid>? held, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.Include(m => m.User).Include(m => m.Roles)
            .SingleOrDefaultAsync(m => m.Id == membershipId && m.OrganisationId == OrganisationId, cancellationToken);
        if (membership is null)
        {
            return Back(error: t["Members.Gone"]);
        }

        var catalogue = await db.FachanwendungRoles.Include(r => r.Fachanwendung)
            .Where(r => r.Fachanwendung.IsEnabled && r.Fachanwendung.ApprovedAt != null)
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var shown = (held ?? []).ToHashSet();
        var changes = (roles ?? [])
            .Where(choice => catalogue.ContainsKey(choice.Key) && choice.Value != shown.Contains(choice.Key))
            .ToList();
        if (changes.Count == 0)
        {
            return Back(message: t["Members.NothingChanged"]);
        }

        // Someone else changed one of these roles since the form was shown: apply nothing, show the current state.
        if (changes.Any(c => membership.Roles.Any(r => r.FachanwendungRoleId == c.Key) == c.Value))
        {
            return Back(error: t["Members.ChangedMeanwhile"]);
        }

        var actor = AdminUser;
        var now = clock.GetUtcNow().UtcDateTime;
        var granted = new List<string>();
        var withdrawn = new List<string>();
        foreach (var (roleId, wanted) in changes)
        {
            var role = catalogue[roleId];
            var details = $"{role.Fachanwendung.ClientId}: {role.Key}";
            if (wanted)
            {
                membership.GrantRole(role, now, actor.Id);
                granted.Add($"{role.Fachanwendung.DisplayNameDe}: {role.DisplayNameDe}");
            }
            else
            {
                membership.WithdrawRole(role);
                withdrawn.Add($"{role.Fachanwendung.DisplayNameDe}: {role.DisplayNameDe}");
            }

            db.Audit(wanted ? AuditAction.RoleGranted : AuditAction.RoleWithdrawn, now, actor, OrganisationId, Organisation.ChamberId, membership.User, details);
        }

        var link = Request.PublicBaseUri();
        if (granted.Count > 0)
        {
            notifier.Notify(membership.User, NotificationKind.RoleGranted, Organisation, string.Join(", ", granted), link);
        }

        if (withdrawn.Count > 0)
        {
            notifier.Notify(membership.User, NotificationKind.RoleWithdrawn, Organisation, string.Join(", ", withdrawn), link);
        }

        if (!await TrySaveAsync(cancellationToken))
        {
            return Back(error: t["Members.ChangedMeanwhile"]);
        }

        return Back(message: t["Members.RolesSaved", membership.User.DisplayName]);
    }

    public async Task<IActionResult> OnPostAdministratorAsync(Guid membershipId, bool administrator, CancellationToken cancellationToken)
    {
        var organisation = await LoadWithAdministratorsAndAsync(membershipId, cancellationToken);
        var membership = organisation.Memberships.SingleOrDefault(m => m.Id == membershipId);
        if (membership is null)
        {
            return Back(error: t["Members.Gone"]);
        }

        if (membership.IsAdministrator == administrator)
        {
            return Back(error: t["Members.ChangedMeanwhile"]);
        }

        try
        {
            organisation.SetAdministrator(membership, administrator);
        }
        catch (DomainRuleException e) when (e.Rule == DomainRule.LastAdministrator)
        {
            return Back(error: t["Members.LastAdministrator"]);
        }

        var actor = AdminUser;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Audit(administrator ? AuditAction.AdministratorGranted : AuditAction.AdministratorWithdrawn, now, actor, OrganisationId, organisation.ChamberId, membership.User);
        notifier.Notify(membership.User, administrator ? NotificationKind.AdministratorGranted : NotificationKind.AdministratorWithdrawn,
            organisation, null, Request.PublicBaseUri());
        if (!await TrySaveAsync(cancellationToken))
        {
            return Back(error: t["Members.ChangedMeanwhile"]);
        }

        // Who gave up their own administration has no business on this page any more.
        return membership.UserId == actor.Id && !administrator
            ? LocalRedirect("/")
            : Back(message: administrator ? t["Members.AdministratorGranted", membership.User.DisplayName] : t["Members.AdministratorWithdrawn", membership.User.DisplayName]);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        var organisation = await LoadWithAdministratorsAndAsync(membershipId, cancellationToken);
        var membership = organisation.Memberships.SingleOrDefault(m => m.Id == membershipId);
        if (membership is null)
        {
            return Back(error: t["Members.Gone"]);
        }

        try
        {
            organisation.RemoveMember(membership);
        }
        catch (DomainRuleException e) when (e.Rule == DomainRule.LastAdministrator)
        {
            return Back(error: t["Members.LastAdministrator"]);
        }

        var actor = AdminUser;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Audit(AuditAction.MemberRemoved, now, actor, OrganisationId, organisation.ChamberId, membership.User);
        notifier.Notify(membership.User, NotificationKind.MemberRemoved, organisation, null, Request.PublicBaseUri());
        if (!await TrySaveAsync(cancellationToken))
        {
            return Back(error: t["Members.Gone"]);
        }

        return membership.UserId == actor.Id ? LocalRedirect("/") : Back(message: t["Members.Removed", membership.User.DisplayName]);
    }

    /// <summary>The organisation with its administrators and the member in question: enough for the last-administrator rule.</summary>
    private async Task<Organisation> LoadWithAdministratorsAndAsync(Guid membershipId, CancellationToken cancellationToken) =>
        await db.Organisations
            .Include(o => o.Memberships.Where(m => m.IsAdministrator || m.Id == membershipId)).ThenInclude(m => m.User)
            .SingleAsync(o => o.Id == OrganisationId, cancellationToken);

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A concurrent change won (same role granted twice, a member already removed, the administrator set changed).
            return false;
        }
    }

    private RedirectToPageResult Back(string? message = null, string? error = null)
    {
        Message = message;
        Error = error;
        return RedirectToPage(new { OrganisationId, q = string.IsNullOrWhiteSpace(Search) ? null : Search, p = PageNumber > 1 ? PageNumber : (int?)null });
    }
}
