namespace MeineIhk.IdentityProvider.Domain;

/// <summary>A "weitere E-Mail-Adresse": kept for the case that the user loses access to the main address.</summary>
public class AdditionalEmail
{
    public const int MaxPerUser = 2;

    public Guid Id { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    public ApplicationUser User { get; set; } = null!;

    public required string Address { get; set; }

    public required string NormalizedAddress { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ConfirmedAt { get; set; }
}
