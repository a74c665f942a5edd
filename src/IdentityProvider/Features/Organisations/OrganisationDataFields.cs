using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Register;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>
/// An organisation's data as the manual names it ("Organisationsdaten", "Handelsregister"), with one set of
/// rules for the registration request and for an administrator's change request.
/// </summary>
public class OrganisationDataFields
{
    /// <summary>The legal forms of the select list, stored as shown.</summary>
    public static readonly IReadOnlyList<string> Rechtsformen =
    [
        "Einzelunternehmen/e.K.", "GbR", "OHG", "KG", "GmbH", "UG (haftungsbeschränkt)", "GmbH & Co. KG", "AG", "KGaA", "SE", "eG", "e.V.", "Sonstige",
    ];

    /// <summary>The register types of German courts: commercial (A: partnerships, B: companies), cooperatives, partnerships of professions, associations.</summary>
    public static readonly IReadOnlyList<string> Registerarten = ["HRA", "HRB", "GnR", "PR", "VR"];

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [Display(Name = "Organisations.Firmierung")]
    public string? Firmierung { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [Display(Name = "Organisations.Rechtsform")]
    public string? Rechtsform { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [Display(Name = "Organisations.Strasse")]
    public string? Strasse { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [Display(Name = "Organisations.Hausnummer")]
    public string? Hausnummer { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [RegularExpression(@"^\s*[0-9]{5}\s*$", ErrorMessage = "Organisations.PlzFormat")]
    [Display(Name = "Organisations.Plz")]
    public string? Plz { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [Display(Name = "Organisations.Ort")]
    public string? Ort { get; set; }

    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [Display(Name = "Organisations.HrNummer")]
    public string? HrNummer { get; set; }

    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [Display(Name = "Organisations.Registergericht")]
    public string? Registergericht { get; set; }

    [Display(Name = "Organisations.Registerart")]
    public string? Registerart { get; set; }

    /// <summary>Trims every value and turns empty optional ones into null, so that what is checked is what is stored.</summary>
    public virtual void Normalise()
    {
        Firmierung = Clean(Firmierung);
        Rechtsform = Clean(Rechtsform);
        Strasse = Clean(Strasse);
        Hausnummer = Clean(Hausnummer);
        Plz = Clean(Plz);
        Ort = Clean(Ort);
        HrNummer = Clean(HrNummer);
        Registergericht = Clean(Registergericht);
        Registerart = Clean(Registerart);
    }

    /// <summary>The select lists' values: anything else is refused (field name, resource key of the message).</summary>
    public IEnumerable<(string Field, string Message)> ChoiceErrors()
    {
        if (Rechtsform is not null && !Rechtsformen.Contains(Rechtsform))
        {
            yield return (nameof(Rechtsform), "Organisations.RechtsformInvalid");
        }

        if (Registerart is not null && !Registerarten.Contains(Registerart))
        {
            yield return (nameof(Registerart), "Organisations.RegisterartInvalid");
        }
    }

    public static OrganisationDataFields Of(Organisation organisation) => new()
    {
        Firmierung = organisation.Firmierung, Rechtsform = organisation.Rechtsform, Strasse = organisation.Strasse,
        Hausnummer = organisation.Hausnummer, Plz = organisation.Plz, Ort = organisation.Ort, HrNummer = organisation.HrNummer,
        Registergericht = organisation.Registergericht, Registerart = organisation.Registerart,
    };

    public static OrganisationDataFields Of(OrganisationDataChange change) => new()
    {
        Firmierung = change.Firmierung, Rechtsform = change.Rechtsform, Strasse = change.Strasse,
        Hausnummer = change.Hausnummer, Plz = change.Plz, Ort = change.Ort, HrNummer = change.HrNummer,
        Registergericht = change.Registergericht, Registerart = change.Registerart,
    };

    /// <summary>True when every value equals the organisation's (nothing to review).</summary>
    public bool SameAs(Organisation organisation) =>
        Firmierung == organisation.Firmierung && Rechtsform == organisation.Rechtsform && Strasse == organisation.Strasse
        && Hausnummer == organisation.Hausnummer && Plz == organisation.Plz && Ort == organisation.Ort && HrNummer == organisation.HrNummer
        && Registergericht == organisation.Registergericht && Registerart == organisation.Registerart;

    protected static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
