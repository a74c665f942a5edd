using System.Globalization;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>
/// The Informationspflichten users accept at registration, as versioned content files
/// (Content/Informationspflichten/{version}.{de|en}.txt). A new text is a new version; users record which one they accepted.
/// </summary>
public sealed class PrivacyNotice(IHostEnvironment environment, IConfiguration configuration)
{
    public string CurrentVersion => configuration["Registration:PrivacyNoticeVersion"] ?? "v1";

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
