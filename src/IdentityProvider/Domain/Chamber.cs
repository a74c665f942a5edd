namespace MeineIhk.IdentityProvider.Domain;

/// <summary>An IHK, identified by its Kammernummer.</summary>
public class Chamber
{
    public int Id { get; set; }

    public required string Kammernummer { get; set; }

    public required string Name { get; set; }

    public string? Street { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }
}
