using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Data;

public static class AuditLog
{
    /// <summary>Adds an audit entry to the context; it is saved with the change it records.</summary>
    public static AuditEntry Audit(
        this ApplicationDbContext db,
        string action,
        DateTime now,
        ApplicationUser? actor,
        Guid? organisationId = null,
        int? chamberId = null,
        ApplicationUser? subject = null,
        string? details = null)
    {
        var entry = new AuditEntry
        {
            Action = action,
            OccurredAt = now,
            ActorUserId = actor?.Id,
            ActorName = NameOf(actor),
            OrganisationId = organisationId,
            ChamberId = chamberId,
            SubjectUserId = subject?.Id,
            SubjectName = NameOf(subject),
            Details = details,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    private static string? NameOf(ApplicationUser? user) =>
        user is null ? null : $"{user.GivenName} {user.FamilyName} ({user.UserName})";
}
