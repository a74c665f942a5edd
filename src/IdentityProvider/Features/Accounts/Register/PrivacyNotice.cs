using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>
/// The Informationspflichten users accept at registration, as versioned content files
/// (Content/Informationspflichten/{version}.{de|en}.txt). A new text is a new version; users record which one they accepted.
/// </summary>
/// <summary>The section <c>Registration</c>.</summary>
public sealed class RegistrationOptions
{
    /// <summary>The version of the Informationspflichten new users accept; it names the content files, so only letters, digits and dashes.</summary>
    [Display(Name = "Registration:PrivacyNoticeVersion")]
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,32}$")]
    public string PrivacyNoticeVersion { get; set; } = "v1";
}

public sealed class PrivacyNotice(IHostEnvironment environment, IOptions<RegistrationOptions> options)
{
    public string CurrentVersion => options.Value.PrivacyNoticeVersion;

    public IReadOnlyList<Block> Read(CultureInfo culture)
    {
        var language = culture.TwoLetterISOLanguageName == "en" ? "en" : "de";
        var path = Path.Combine(environment.ContentRootPath, "Content", "Informationspflichten", $"{CurrentVersion}.{language}.txt");
        return File.ReadAllLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            .Select(line => line.StartsWith("## ", StringComparison.Ordinal) ? new Block(true, line[3..]) : new Block(false, line))
            .ToList();
    }

    public sealed record Block(bool IsHeading, string Text);
}
