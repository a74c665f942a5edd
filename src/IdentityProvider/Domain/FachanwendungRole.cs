namespace MeineIhk.IdentityProvider.Domain;

/// <summary>One entry of a Fachanwendung's role catalogue. The key reaches tokens; display names never do.</summary>
public class FachanwendungRole
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid FachanwendungId { get; set; }

    public Fachanwendung Fachanwendung { get; set; } = null!;

    public required string Key { get; set; }

    public required string DisplayNameDe { get; set; }

    public required string DisplayNameEn { get; set; }

    public string? Description { get; set; }
}
