using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Invitations;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Administration;

/// <summary>"Administration" of one organisation: the tiles of "Organisation bearbeiten" and the open invitations.</summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    InvitationSender invitations,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    public int MemberCount { get; private set; }

    public IReadOnlyList<OpenInvitation> OpenInvitations { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        MemberCount = await db.Memberships.CountAsync(m => m.OrganisationId == OrganisationId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        OpenInvitations = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganisationId == OrganisationId && i.AcceptedAt == null && i.RevokedAt == null)
            .OrderByDescending(i => i.LastSentAt)
            .Select(i => new OpenInvitation(i.Id, i.Email, i.LastSentAt, i.ExpiresAt, i.ExpiresAt <= now))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.OrganisationId == OrganisationId, cancellationToken);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
        {
            return Back(error: t["Invitations.NotOpen"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        invitation.Revoke(now);
        db.Audit(AuditAction.InvitationRevoked, now, AdminUser, OrganisationId, Organisation.ChamberId, details: invitation.Email);
        return await TrySaveAsync(cancellationToken)
            ? Back(message: t["Invitations.Revoked", invitation.Email])
            : Back(error: t["Invitations.NotOpen"]);
    }

    public async Task<IActionResult> OnPostResendAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.OrganisationId == OrganisationId, cancellationToken);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
        {
            return Back(error: t["Invitations.NotOpen"]);
        }

        if (!await invitations.MaySendAgainAsync(OrganisationId, cancellationToken))
        {
            return Back(error: t["Invitations.TooManySent", invitations.Options.MaxSentPerHour]);
        }

        invitations.Resend(invitation, Organisation, AdminUser, Request.PublicBaseUri());
        return await TrySaveAsync(cancellationToken)
            ? Back(message: t["Invitations.Resent", invitation.Email])
            : Back(error: t["Invitations.NotOpen"]);
    }

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted, revoked or resent by someone else in the meantime.
            return false;
        }
    }

    private RedirectToPageResult Back(string? message = null, string? error = null)
    {
        Message = message;
        Error = error;
        return RedirectToPage(new { OrganisationId });
    }

    public sealed record OpenInvitation(Guid Id, string Email, DateTime LastSentAt, DateTime ExpiresAt, bool Expired);
}
