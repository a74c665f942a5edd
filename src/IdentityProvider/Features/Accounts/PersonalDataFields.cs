using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Register;

namespace MeineIhk.IdentityProvider.Features.Accounts;

/// <summary>The person's data as the manual names it, with one set of rules for registration and for "Daten ändern".</summary>
public class PersonalDataFields
{
    [Required(ErrorMessage = "Register.AnredeRequired")]
    [Display(Name = "Register.Anrede")]
    public Anrede? Anrede { get; set; }

    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [NoLinksOrMarkup]
    [Display(Name = "Register.AcademicTitle")]
    public string? AcademicTitle { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [NoLinksOrMarkup]
    [Display(Name = "Register.GivenName")]
    public string? GivenName { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [PlainText]
    [NoLinksOrMarkup]
    [Display(Name = "Register.FamilyName")]
    public string? FamilyName { get; set; }

    public static PersonalDataFields Of(ApplicationUser user) =>
        new() { Anrede = user.Anrede, AcademicTitle = user.AcademicTitle, GivenName = user.GivenName, FamilyName = user.FamilyName };
}
