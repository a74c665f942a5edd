namespace MeineIhk.IdentityProvider.Domain;

public enum OrganisationStatus
{
    /// <summary>Registration requested, waiting for the chamber's review.</summary>
    Requested = 0,

    /// <summary>Approved by the chamber; the activation letter is on its way.</summary>
    Approved = 1,

    /// <summary>Activated with the letter's password; members and roles apply.</summary>
    Active = 2,

    Rejected = 3,

    Deleted = 4,
}

public class Organisation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Firmierung { get; set; }

    public required string Rechtsform { get; set; }

    public required string Strasse { get; set; }

    public required string Hausnummer { get; set; }

    public required string Plz { get; set; }

    public required string Ort { get; set; }

    public string? Identnummer { get; set; }

    public string? HrNummer { get; set; }

    public string? Registergericht { get; set; }

    public string? Registerart { get; set; }

    public int ChamberId { get; set; }

    public Chamber Chamber { get; set; } = null!;

    public OrganisationStatus Status { get; set; } = OrganisationStatus.Requested;

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<Membership> Memberships { get; } = [];

    public Membership AddMember(ApplicationUser user, bool isAdministrator)
    {
        if (Memberships.Any(m => m.UserId == user.Id))
        {
            throw new DomainRuleException(DomainRule.AlreadyMember);
        }

        var membership = new Membership { Organisation = this, User = user, UserId = user.Id, IsAdministrator = isAdministrator };
        Memberships.Add(membership);
        return membership;
    }
}
