using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>Step 1, "Ihre persönlichen Daten", with exactly the manual's fields.</summary>
public sealed class InputModel : PersonalDataFields
{
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(254, ErrorMessage = "Validation.TooLong")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Register.Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [Compare(nameof(Email), ErrorMessage = "Register.EmailMismatch")]
    [Display(Name = "Register.EmailRepeat")]
    public string? EmailRepeat { get; set; }

    [StringLength(254, ErrorMessage = "Validation.TooLong")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Register.AdditionalEmail1")]
    public string? AdditionalEmail1 { get; set; }

    [Compare(nameof(AdditionalEmail1), ErrorMessage = "Register.EmailMismatch")]
    [Display(Name = "Register.AdditionalEmail1Repeat")]
    public string? AdditionalEmail1Repeat { get; set; }

    [StringLength(254, ErrorMessage = "Validation.TooLong")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Register.AdditionalEmail2")]
    public string? AdditionalEmail2 { get; set; }

    [Compare(nameof(AdditionalEmail2), ErrorMessage = "Register.EmailMismatch")]
    [Display(Name = "Register.AdditionalEmail2Repeat")]
    public string? AdditionalEmail2Repeat { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(64, MinimumLength = 3, ErrorMessage = "Register.UserNameLength")]
    [RegularExpression(@"^[A-Za-z0-9._@+-]+$", ErrorMessage = "Register.UserNameCharacters")]
    [Display(Name = "Register.UserName")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Register.Password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Validation.RequiredField")]
    [Compare(nameof(Password), ErrorMessage = "Register.PasswordMismatch")]
    [DataType(DataType.Password)]
    [Display(Name = "Register.PasswordRepeat")]
    public string? PasswordRepeat { get; set; }

    public IEnumerable<string> AdditionalEmails() =>
        new[] { AdditionalEmail1, AdditionalEmail2 }.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim());
}

/// <summary>Refuses control characters (and with them most binary junk) in names and titles.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    // MVC translates only attributes it has adapters for; this one translates its own message.
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || !text.Any(char.IsControl))
        {
            return ValidationResult.Success;
        }

        var t = validationContext.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        return new ValidationResult(t["Validation.PlainText", validationContext.DisplayName], [validationContext.MemberName!]);
    }
}

/// <summary>
/// Refuses internet addresses and markup in names and titles: they reach mails and letters, and a name like
/// "Bitte melden Sie sich an unter www.example.com" would send someone's words through an official sender.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed partial class NoLinksOrMarkupAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || !LinkOrMarkup().IsMatch(text))
        {
            return ValidationResult.Success;
        }

        var t = validationContext.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        return new ValidationResult(t["Validation.NoLinksOrMarkup", validationContext.DisplayName], [validationContext.MemberName!]);
    }

    // Angle brackets, "://", "www.", an @ and a host name (a letter or digit, a dot, two or more lower-case letters, as in
    // "example.com"); names with an abbreviation and a space ("Dr. med.", "St. Peter") pass.
    [System.Text.RegularExpressions.GeneratedRegex(@"[<>@]|://|(?i:www\.)|[\p{L}\d-]\.[a-z]{2,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LinkOrMarkup();
}
