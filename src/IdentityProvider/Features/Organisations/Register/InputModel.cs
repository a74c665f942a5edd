using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Organisations.Register;

/// <summary>"1. Dateneingabe" of "Neue Organisation anlegen", with exactly the manual's fields.</summary>
public sealed class InputModel : OrganisationDataFields
{
    public const int BegruendungMaxLength = 300;

    [RegularExpression(@"^\s*[A-Za-z0-9]{1,20}\s*$", ErrorMessage = "Organisations.IdentnummerFormat")]
    [Display(Name = "Organisations.Identnummer", Order = 1)] // the first field of the form; its errors are listed first
    public string? Identnummer { get; set; }

    // The 300-character limit is checked after line breaks are normalised (see Normalise), not by an attribute:
    // a browser counts a line break as one character, but submits it as two.
    [Required(ErrorMessage = "Validation.RequiredField")]
    [Display(Name = "Organisations.Begruendung", Order = 20_000)] // after the inherited data fields (default order 10,000), as on the form
    public string? Begruendung { get; set; }

    public override void Normalise()
    {
        base.Normalise();
        Identnummer = Clean(Identnummer);
        Begruendung = Clean(Begruendung?.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>"Noch N Zeichen verfügbar"; negative when the text is too long.</summary>
    public static int CharactersLeft(string? text) =>
        BegruendungMaxLength - (text?.Replace("\r\n", "\n", StringComparison.Ordinal).Length ?? 0);
}
