namespace MeineIhk.IdentityProvider.Domain;

/// <summary>A user who works for one chamber (IHK-Mitarbeiter): reviews its requests and sends its letters.</summary>
public class ChamberStaffMember
{
    public required string UserId { get; set; }

    public ApplicationUser User { get; set; } = null!;

    public int ChamberId { get; set; }

    public Chamber Chamber { get; set; } = null!;

    public DateTime GrantedAt { get; set; }

    public string? GrantedByUserId { get; set; }
}
