using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>
/// "Anfrageinformationen": the request as the manual shows it, and the decision. Approving makes the user
/// a member (join) or extends the membership (roles) with the roles the administrator leaves checked;
/// rejecting needs a reason, which the user is sent. Of two administrators deciding at once exactly one
/// wins (concurrency stamp); the other is told.
/// </summary>
public sealed class DetailsModel(
    ApplicationDbContext db,
    Notifier notifier,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    public MembershipRequest Current { get; private set; } = null!;

    public RoleCatalogue Catalogue { get; private set; } = new([]);

    public IReadOnlyCollection<Guid> Held { get; private set; } = [];

    public IReadOnlyList<string> RequestedRoles { get; private set; } = [];

    [BindProperty]
    public List<Guid> RoleIds { get; set; } = [];

    [BindProperty]
    public string? RejectionReason { get; set; }

    [BindProperty]
    public Guid Stamp { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid requestId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(requestId, cancellationToken))
        {
            return NotFound();
        }

        RoleIds = Current.Roles.Select(r => r.FachanwendungRoleId).ToList();
        Stamp = Current.ConcurrencyStamp;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid requestId, string? decision, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(requestId, cancellationToken))
        {
            return NotFound();
        }

        var request = Current;
        var actor = AdminUser;
        var now = clock.GetUtcNow().UtcDateTime;
        var approve = decision == "approve";
        var reason = string.Empty;
        if (!approve)
        {
            reason = RequestText.Check(ModelState, nameof(RejectionReason), RejectionReason, t["Requests.RejectionReason"], MembershipRequest.RejectionReasonMaxLength, t);
            if (!ModelState.IsValid)
            {
                return Page();
            }
        }

        // The decision applies to the request as the administrator saw it.
        db.Entry(request).Property(r => r.ConcurrencyStamp).OriginalValue = Stamp;
        var link = Request.PublicUri("/organisationen");
        var join = request.Kind == MembershipRequestKind.Join;
        try
        {
            if (approve)
            {
                request.Approve(actor.Id, now);
                var granted = await GrantAsync(request, actor, now, cancellationToken);
                if (granted is null)
                {
                    Message = t["Requests.NoLongerMember"];
                    return LocalRedirect(RequestNotices.ListPath(OrganisationId));
                }

                db.Audit(join ? AuditAction.JoinRequestApproved : AuditAction.RoleRequestApproved, now, actor, OrganisationId,
                    subject: request.User, details: string.Join(", ", granted.Select(RequestNotices.RoleDetails)));
                notifier.Notify(request.User, join ? NotificationKind.JoinRequestApproved : NotificationKind.RoleRequestApproved,
                    Organisation, granted.Count == 0 ? "–" : string.Join(", ", granted.Select(r => $"{r.DisplayNameDe} ({r.Fachanwendung.DisplayNameDe})")), link);
                Message = t["Requests.Approved", request.User.UserName!];
            }
            else
            {
                request.Reject(reason, actor.Id, now);
                db.Audit(join ? AuditAction.JoinRequestRejected : AuditAction.RoleRequestRejected, now, actor, OrganisationId,
                    subject: request.User, details: reason);
                notifier.Notify(request.User, join ? NotificationKind.JoinRequestRejected : NotificationKind.RoleRequestRejected,
                    Organisation, reason, link);
                Message = t["Requests.Rejected", request.User.UserName!];
            }

            await db.SaveChangesAsync(cancellationToken);
            return LocalRedirect(RequestNotices.ListPath(OrganisationId));
        }
        catch (DomainRuleException e) when (e.Rule == DomainRule.AlreadyMember)
        {
            // A parallel approval of this very request may have made the user a member a moment ago.
            Message = await DecidedMeanwhileAsync(requestId, Stamp, cancellationToken)
                ? t["Requests.Conflict"]
                : t["Requests.AlreadyMember", request.User.UserName!];
        }
        catch (DomainRuleException e) when (e.Rule == DomainRule.RequestAlreadyDecided)
        {
            Message = t["Requests.Conflict"];
        }
        catch (DbUpdateException)
        {
            if (!await DecidedMeanwhileAsync(requestId, Stamp, cancellationToken))
            {
                throw;
            }

            Message = t["Requests.Conflict"];
        }

        return LocalRedirect(RequestNotices.DetailsPath(OrganisationId, requestId));
    }

    /// <summary>Grants the checked roles the member does not hold yet; null when a role request's member has left.</summary>
    private async Task<List<FachanwendungRole>?> GrantAsync(MembershipRequest request, ApplicationUser actor, DateTime now, CancellationToken cancellationToken)
    {
        var chosen = Catalogue.Known(RoleIds);
        var roles = await db.FachanwendungRoles.Include(r => r.Fachanwendung).Where(r => chosen.Contains(r.Id)).ToListAsync(cancellationToken);
        await db.Entry(Organisation).Collection(o => o.Memberships).Query().Include(m => m.Roles).LoadAsync(cancellationToken);
        var membership = request.Kind == MembershipRequestKind.Join
            ? Organisation.AddMember(request.User, isAdministrator: false, now)
            : Organisation.Memberships.SingleOrDefault(m => m.UserId == request.UserId);
        if (membership is null)
        {
            return null;
        }

        if (request.Kind == MembershipRequestKind.Join)
        {
            db.Audit(AuditAction.MemberAdded, now, actor, Organisation.Id, subject: request.User);
        }

        var granted = new List<FachanwendungRole>();
        foreach (var role in roles.Where(r => membership.Roles.All(held => held.FachanwendungRoleId != r.Id)))
        {
            membership.GrantRole(role, now, actor.Id);
            db.Audit(AuditAction.RoleGranted, now, actor, Organisation.Id, subject: request.User, details: RequestNotices.RoleDetails(role));
            granted.Add(role);
        }

        return granted;
    }

    /// <summary>After a failed save: true when another decision (or assignment) got there first.</summary>
    private async Task<bool> DecidedMeanwhileAsync(Guid requestId, Guid seenStamp, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var current = await db.MembershipRequests.AsNoTracking()
            .Where(r => r.Id == requestId).Select(r => new { r.Status, r.ConcurrencyStamp }).SingleOrDefaultAsync(cancellationToken);
        return current is null || current.Status != MembershipRequestStatus.Open || current.ConcurrencyStamp != seenStamp;
    }

    /// <summary>The request of this organisation with its roles; false (404) when there is none.</summary>
    private async Task<bool> LoadAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.MembershipRequests
            .Include(r => r.User)
            .Include(r => r.Roles).ThenInclude(r => r.Role).ThenInclude(r => r.Fachanwendung)
            .SingleOrDefaultAsync(r => r.Id == requestId && r.OrganisationId == OrganisationId, cancellationToken);
        if (request is null)
        {
            return false;
        }

        Current = request;
        Catalogue = await RoleCatalogue.LoadAsync(db, cancellationToken);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        RequestedRoles = request.Roles
            .Select(r => english ? $"{r.Role.DisplayNameEn} ({r.Role.Fachanwendung.DisplayNameEn})" : $"{r.Role.DisplayNameDe} ({r.Role.Fachanwendung.DisplayNameDe})")
            .Order(StringComparer.CurrentCulture)
            .ToList();
        Held = request.Kind == MembershipRequestKind.Role
            ? await db.MemberRoles.Where(r => r.Membership.OrganisationId == OrganisationId && r.Membership.UserId == request.UserId)
                .Select(r => r.FachanwendungRoleId).ToListAsync(cancellationToken)
            : [];
        return true;
    }
}
