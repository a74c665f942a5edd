namespace MeineIhk.IdentityProvider.Domain;

public enum DataChangeStatus
{
    Open = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>
/// An administrator's change of name, legal form or address: it waits for the chamber's review and only then
/// replaces the organisation's data. (Contact data changes at once and needs no review.)
/// </summary>
public class OrganisationDataChange
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public required string Firmierung { get; set; }

    public required string Rechtsform { get; set; }

    public required string Strasse { get; set; }

    public required string Hausnummer { get; set; }

    public required string Plz { get; set; }

    public required string Ort { get; set; }

    public string? HrNummer { get; set; }

    public string? Registergericht { get; set; }

    public string? Registerart { get; set; }

    public required string RequestedByUserId { get; set; }

    public DateTime RequestedAt { get; set; }

    public DataChangeStatus Status { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedByUserId { get; set; }

    public string? RejectionReason { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public void Approve(string staffUserId, DateTime now)
    {
        RequireOpen();
        Organisation.Firmierung = Firmierung;
        Organisation.Rechtsform = Rechtsform;
        Organisation.Strasse = Strasse;
        Organisation.Hausnummer = Hausnummer;
        Organisation.Plz = Plz;
        Organisation.Ort = Ort;
        Organisation.HrNummer = HrNummer;
        Organisation.Registergericht = Registergericht;
        Organisation.Registerart = Registerart;
        Organisation.ConcurrencyStamp = Guid.NewGuid();
        Decide(DataChangeStatus.Approved, staffUserId, now);
    }

    public void Reject(string reason, string staffUserId, DateTime now)
    {
        RequireOpen();
        RejectionReason = reason;
        Decide(DataChangeStatus.Rejected, staffUserId, now);
    }

    private void Decide(DataChangeStatus status, string staffUserId, DateTime now)
    {
        Status = status;
        DecidedAt = now;
        DecidedByUserId = staffUserId;
        ConcurrencyStamp = Guid.NewGuid();
    }

    private void RequireOpen()
    {
        if (Status != DataChangeStatus.Open)
        {
            throw new DomainRuleException(DomainRule.OrganisationNotRequested);
        }
    }
}
