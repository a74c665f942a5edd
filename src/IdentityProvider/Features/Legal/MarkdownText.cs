using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace MeineIhk.IdentityProvider.Features.Legal;

/// <summary>
/// The little Markdown legal texts need: headings (#, ##, ###), paragraphs, lists (- or 1.), **bold**, [links](…).
/// Everything is encoded first, so a text file cannot smuggle markup in; links keep only http(s), mailto and tel.
/// The file's first heading is the page title and is left out (the page shows its own h1).
/// </summary>
public static partial class MarkdownText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static HtmlString ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var blocks = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var block in blocks.Select(b => b.Trim('\n')).Where(b => b.Trim().Length > 0))
        {
            var lines = block.Split('\n');
            if (lines[0].StartsWith("# ", StringComparison.Ordinal))
            {
                lines = lines[1..];
                if (lines.Length == 0)
                {
                    continue;
                }
            }

            if (lines[0].StartsWith("## ", StringComparison.Ordinal) || lines[0].StartsWith("### ", StringComparison.Ordinal))
            {
                var level = lines[0].StartsWith("### ", StringComparison.Ordinal) ? 3 : 2;
                html.Append("<h").Append(level).Append('>').Append(Inline(lines[0][(level + 1)..])).Append("</h").Append(level).Append(">\n");
                lines = lines[1..];
                if (lines.Length == 0)
                {
                    continue;
                }
            }

            if (lines.All(l => l.StartsWith("- ", StringComparison.Ordinal)))
            {
                List(html, "ul", lines.Select(l => l[2..]));
            }
            else if (lines.All(l => Numbered().IsMatch(l)))
            {
                List(html, "ol", lines.Select(l => Numbered().Replace(l, string.Empty)));
            }
            else
            {
                html.Append("<p>").Append(string.Join("<br>", lines.Select(Inline))).Append("</p>\n");
            }
        }

        return new HtmlString(html.ToString());
    }

    private static void List(StringBuilder html, string tag, IEnumerable<string> items)
    {
        html.Append('<').Append(tag).Append('>');
        foreach (var item in items)
        {
            html.Append("<li>").Append(Inline(item)).Append("</li>");
        }

        html.Append("</").Append(tag).Append(">\n");
    }

    private static string Inline(string text)
    {
        var encoded = Encoder.Encode(text.Trim());
        encoded = Bold().Replace(encoded, "<strong>$1</strong>");
        return Link().Replace(encoded, m =>
        {
            var target = m.Groups[2].Value;
            var allowed = target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)
                || (target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal));
            return allowed ? $"<a href=\"{target}\">{m.Groups[1].Value}</a>" : m.Groups[1].Value;
        });
    }

    [GeneratedRegex(@"^\d+\. ")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
