namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// One company of a chamber's member register (Mitgliederverzeichnis), imported from CSV by chamber staff.
/// Requests are reviewed against it, and activation letters go only to its management address.
/// </summary>
public class MemberRegisterEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public int ChamberId { get; set; }

    public Chamber Chamber { get; set; } = null!;

    public required string Identnummer { get; set; }

    public required string Firmierung { get; set; }

    public string? Rechtsform { get; set; }

    public required string Strasse { get; set; }

    public required string Hausnummer { get; set; }

    public required string Plz { get; set; }

    public required string Ort { get; set; }

    public string? HrNummer { get; set; }

    public string? Registergericht { get; set; }

    public string? Registerart { get; set; }

    /// <summary>Name line of the management ("Geschäftsführung" when the register names nobody).</summary>
    public required string GeschaeftsfuehrungName { get; set; }

    public required string GeschaeftsfuehrungStrasse { get; set; }

    public required string GeschaeftsfuehrungHausnummer { get; set; }

    public required string GeschaeftsfuehrungPlz { get; set; }

    public required string GeschaeftsfuehrungOrt { get; set; }

    public DateTime ImportedAt { get; set; }
}
