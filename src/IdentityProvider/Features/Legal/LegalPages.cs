using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Features.Accounts.Register;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Legal;

/// <summary>The section <c>LegalPages</c>: where the operator keeps the texts of the legal pages.</summary>
public sealed class LegalPagesOptions
{
    /// <summary>Folder of the files <c>{page}.{de|en}.md</c> or <c>.html</c>; relative to the content root or absolute.</summary>
    [Display(Name = "LegalPages:Folder")]
    [Required]
    public string Folder { get; set; } = Path.Combine("Content", "Rechtliches");
}

/// <summary>
/// The pages the manual names in every footer. Each text comes from an operator file (Markdown or HTML, German and
/// English); the Informationspflichten are the version users accept at registration, so both always agree.
/// </summary>
public sealed class LegalPages(IHostEnvironment environment, IOptions<LegalPagesOptions> options, PrivacyNotice privacyNotice)
{
    public const string Informationspflichten = "informationspflichten";

    /// <summary>Path segments in the order of the footer; the title is the resource <c>Legal.{page}</c>.</summary>
    public static readonly IReadOnlyList<string> Names =
        [Informationspflichten, "nutzungshinweise", "support", "kontakt", "datenschutz", "impressum"];

    public HtmlString? Read(string page, CultureInfo culture)
    {
        if (!Names.Contains(page))
        {
            return null;
        }

        var language = culture.TwoLetterISOLanguageName == "en" ? "en" : "de";
        if (page == Informationspflichten)
        {
            return MarkdownText.ToHtml(string.Join("\n\n", privacyNotice.Read(culture).Select(b => b.IsHeading ? "## " + b.Text : b.Text)));
        }

        var folder = Path.Combine(environment.ContentRootPath, options.Value.Folder);
        foreach (var candidate in new[] { language, "de" }.Distinct())
        {
            var html = Path.Combine(folder, $"{page}.{candidate}.html");
            if (File.Exists(html))
            {
                return new HtmlString(File.ReadAllText(html)); // the operator's own markup, trusted like the configuration
            }

            var markdown = Path.Combine(folder, $"{page}.{candidate}.md");
            if (File.Exists(markdown))
            {
                return MarkdownText.ToHtml(File.ReadAllText(markdown));
            }
        }

        return null;
    }
}
