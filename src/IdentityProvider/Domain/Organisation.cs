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

    public DateTime CreatedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>The administrators' switch: every member must use a second factor.</summary>
    public bool SecondFactorRequired { get; set; }

    /// <summary>The user who asked for the registration; becomes the first administrator on activation.</summary>
    public string? RequestedByUserId { get; set; }

    /// <summary>The requester's justification ("Antrag auf Aufnahme"), at most 300 characters.</summary>
    public string Begruendung { get; set; } = "";

    /// <summary>Contact data: administrators change it without a new review by the chamber.</summary>
    public string? Telefon { get; set; }

    public string? KontaktEmail { get; set; }

    public string? Webseite { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedByUserId { get; set; }

    /// <summary>Why the chamber rejected the request; mailed to the requester.</summary>
    public string? RejectionReason { get; set; }

    public DateTime? ActivatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    public List<Membership> Memberships { get; } = [];

    /// <summary>The chamber approves the request; the Identnummer comes from its member register.</summary>
    public void Approve(string identnummer, string staffUserId, DateTime now)
    {
        Require(OrganisationStatus.Requested, DomainRule.OrganisationNotRequested);
        Identnummer = identnummer;
        Status = OrganisationStatus.Approved;
        DecidedAt = now;
        DecidedByUserId = staffUserId;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public void Reject(string reason, string staffUserId, DateTime now)
    {
        Require(OrganisationStatus.Requested, DomainRule.OrganisationNotRequested);
        Status = OrganisationStatus.Rejected;
        RejectionReason = reason;
        DecidedAt = now;
        DecidedByUserId = staffUserId;
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>The activation letter's password was entered: the organisation goes live, the user administers it.</summary>
    public Membership Activate(ApplicationUser user, DateTime now)
    {
        Require(OrganisationStatus.Approved, DomainRule.OrganisationNotApproved);
        Status = OrganisationStatus.Active;
        ActivatedAt = now;
        ConcurrencyStamp = Guid.NewGuid();
        return Memberships.FirstOrDefault(m => m.UserId == user.Id) is { } existing
            ? MakeAdministrator(existing)
            : AddMember(user, isAdministrator: true, now);
    }

    /// <summary>Ends every membership (and so every role); tokens lose the claims at the next refresh.</summary>
    public void Delete(DateTime now)
    {
        Require(OrganisationStatus.Active, DomainRule.OrganisationNotActive);
        Status = OrganisationStatus.Deleted;
        DeletedAt = now;
        Memberships.Clear();
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>Contact data (Telefon, E-Mail, Webseite) changes at once; it needs no review by the chamber.</summary>
    public void ChangeContact(string? telefon, string? kontaktEmail, string? webseite)
    {
        Require(OrganisationStatus.Active, DomainRule.OrganisationNotActive);
        Telefon = telefon;
        KontaktEmail = kontaktEmail;
        Webseite = webseite;
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>Removes a member; the last administrator stays.</summary>
    public void RemoveMember(Membership membership)
    {
        if (membership.IsAdministrator && Memberships.Count(m => m.IsAdministrator) <= 1)
        {
            throw new DomainRuleException(DomainRule.LastAdministrator);
        }

        if (membership.IsAdministrator)
        {
            // Two administrators removing or demoting each other at once: the stamp lets only one through.
            ConcurrencyStamp = Guid.NewGuid();
        }

        Memberships.Remove(membership);
    }

    public void SetAdministrator(Membership membership, bool isAdministrator)
    {
        if (!isAdministrator && membership.IsAdministrator && Memberships.Count(m => m.IsAdministrator) <= 1)
        {
            throw new DomainRuleException(DomainRule.LastAdministrator);
        }

        // The administrator count is the organisation's invariant: concurrent changes to it must not both win.
        ConcurrencyStamp = Guid.NewGuid();
        membership.IsAdministrator = isAdministrator;
    }

    private static Membership MakeAdministrator(Membership membership)
    {
        membership.IsAdministrator = true;
        return membership;
    }

    private void Require(OrganisationStatus status, DomainRule otherwise)
    {
        if (Status != status)
        {
            throw new DomainRuleException(otherwise);
        }
    }

    public Membership AddMember(ApplicationUser user, bool isAdministrator, DateTime now)
    {
        if (Memberships.Any(m => m.UserId == user.Id))
        {
            throw new DomainRuleException(DomainRule.AlreadyMember);
        }

        var membership = new Membership { Organisation = this, User = user, UserId = user.Id, IsAdministrator = isAdministrator, JoinedAt = now };
        Memberships.Add(membership);
        return membership;
    }
}
