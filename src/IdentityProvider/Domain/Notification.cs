namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// An event for one user's bell (new request, decision, role change). The text is rendered in the reader's
/// language from <see cref="Kind"/> (resource key "Notification.{Kind}") and the snapshots below.
/// </summary>
public class Notification
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string Kind { get; set; }

    public Guid? OrganisationId { get; set; }

    /// <summary>Firmierung at the time of the event.</summary>
    public string? OrganisationName { get; set; }

    /// <summary>Words the text needs besides the organisation, e.g. a role or a person's name; never a secret.</summary>
    public string? Details { get; set; }

    /// <summary>A local path to open, e.g. the request.</summary>
    public string? Link { get; set; }

    public DateTime? ReadAt { get; set; }
}
