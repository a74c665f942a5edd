namespace MeineIhk.IdentityProvider.Domain;

/// <summary>A role of one Fachanwendung's catalogue held by a member of an organisation.</summary>
public class MemberRole
{
    public Guid MembershipId { get; set; }

    public Membership Membership { get; set; } = null!;

    public Guid FachanwendungRoleId { get; set; }

    public FachanwendungRole Role { get; set; } = null!;

    public DateTime GrantedAt { get; set; }

    public string? GrantedByUserId { get; set; }
}
