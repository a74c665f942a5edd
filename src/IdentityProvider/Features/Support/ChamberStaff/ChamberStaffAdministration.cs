using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Support.ChamberStaff;

/// <summary>
/// Who works for which chamber, changed by platform administrators on /plattform/kammerpersonal (the operator
/// commands grant-/revoke-chamber-staff do the same for automation). Staff work for one chamber: granting another
/// moves them. Every change is an audit entry of the chamber and a security event.
/// </summary>
public sealed class ChamberStaffAdministration(ApplicationDbContext db, ISecurityEventTrail trail, TimeProvider clock)
{
    public Task<List<Chamber>> ChambersAsync(CancellationToken cancellationToken) =>
        db.Chambers.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);

    public Task<List<StaffRow>> StaffAsync(int? chamberId, CancellationToken cancellationToken) =>
        db.ChamberStaff.AsNoTracking()
            .Where(s => chamberId == null || s.ChamberId == chamberId)
            .OrderBy(s => s.Chamber.Name).ThenBy(s => s.User.FamilyName).ThenBy(s => s.User.GivenName)
            .Select(s => new StaffRow(s.UserId, s.User.UserName!, s.User.GivenName + " " + s.User.FamilyName, s.User.Email, s.ChamberId, s.Chamber.Name, s.GrantedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Makes the user staff of the chamber; false when they already were.</summary>
    public async Task<bool> GrantAsync(ApplicationUser user, int chamberId, ApplicationUser actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staff = await db.ChamberStaff.SingleOrDefaultAsync(s => s.UserId == user.Id, cancellationToken);
        if (staff?.ChamberId == chamberId)
        {
            return false;
        }

        if (staff is null)
        {
            db.ChamberStaff.Add(new ChamberStaffMember { UserId = user.Id, ChamberId = chamberId, GrantedAt = now, GrantedByUserId = actor.Id });
        }
        else
        {
            db.Audit(AuditAction.ChamberStaffRevoked, now, actor, chamberId: staff.ChamberId, subject: user, details: "moved");
            staff.ChamberId = chamberId;
            staff.GrantedAt = now;
            staff.GrantedByUserId = actor.Id;
        }

        db.Audit(AuditAction.ChamberStaffGranted, now, actor, chamberId: chamberId, subject: user);
        await db.SaveChangesAsync(cancellationToken);
        trail.Record(new SecurityEvent(SecurityEventKind.ChamberStaffGranted, user.Id, user.UserName, Detail: "chamber:" + chamberId));
        return true;
    }

    /// <summary>Ends the user's work as chamber staff; false when they were none.</summary>
    public async Task<bool> RevokeAsync(ApplicationUser user, ApplicationUser actor, CancellationToken cancellationToken)
    {
        if (await db.ChamberStaff.SingleOrDefaultAsync(s => s.UserId == user.Id, cancellationToken) is not { } staff)
        {
            return false;
        }

        db.ChamberStaff.Remove(staff);
        db.Audit(AuditAction.ChamberStaffRevoked, clock.GetUtcNow().UtcDateTime, actor, chamberId: staff.ChamberId, subject: user);
        await db.SaveChangesAsync(cancellationToken);
        trail.Record(new SecurityEvent(SecurityEventKind.ChamberStaffRevoked, user.Id, user.UserName, Detail: "chamber:" + staff.ChamberId));
        return true;
    }

    public sealed record StaffRow(string UserId, string UserName, string Name, string? Email, int ChamberId, string Chamber, DateTime GrantedAt);
}
