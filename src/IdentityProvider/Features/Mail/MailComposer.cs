using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Mail;

/// <summary>
/// Builds a mail from the resources `Mail.{Purpose}.*` (German and English) as plain text and as HTML in the
/// look of the pages: a greeting, paragraphs, one action link, a closing line. Mails to an address not yet
/// confirmed carry no text a user typed (no name: <c>greetingName</c> null gives the neutral greeting), so that
/// nobody can send their own words through meine ihk to a stranger's address.
/// </summary>
public sealed class MailComposer(IStringLocalizer<SharedResource> t)
{
    public MailMessage Compose(string purpose, string recipient, CultureInfo culture, string? greetingName, Uri? action, params object[] arguments) =>
        Compose(purpose, $"Mail.{purpose}.Subject", recipient, culture, greetingName, action, arguments);

    /// <summary>As above with a subject of its own (notices share one body but each kind has its subject).</summary>
    public MailMessage Compose(string purpose, string subjectKey, string recipient, CultureInfo culture, string? greetingName, Uri? action, params object[] arguments)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var subject = t[subjectKey].Value;
            var greeting = string.IsNullOrWhiteSpace(greetingName) ? t["Mail.GreetingWithoutName"].Value : t["Mail.Greeting", greetingName].Value;
            var paragraphs = t[$"Mail.{purpose}.Body", arguments].Value.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
            var actionText = action is null ? null : t[$"Mail.{purpose}.Action"].Value;
            var closing = t["Mail.Closing"].Value;
            var footer = t["Mail.Footer"].Value;
            return new MailMessage(purpose, recipient, subject,
                Text(greeting, paragraphs, actionText, action, closing, footer),
                Html(culture, subject, greeting, paragraphs, actionText, action, closing, footer));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string Text(string greeting, string[] paragraphs, string? actionText, Uri? action, string closing, string footer)
    {
        var text = new StringBuilder().Append(greeting).Append("\n\n");
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        if (action is not null)
        {
            text.Append(actionText).Append(":\n").Append(action.AbsoluteUri).Append("\n\n");
        }

        return text.Append(closing).Append("\n\n-- \n").Append(footer).Append('\n').ToString();
    }

    private static string Html(CultureInfo culture, string subject, string greeting, string[] paragraphs, string? actionText, Uri? action, string closing, string footer)
    {
        var e = HtmlEncoder.Default;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(culture.TwoLetterISOLanguageName).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(e.Encode(subject))
            .Append("</title></head><body style=\"margin:0;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;background:#f3f5f8\">")
            .Append("<div style=\"background:#003064;color:#ffffff;padding:16px 24px;font-size:22px\">meine <strong>ihk</strong></div>")
            .Append("<div style=\"background:#ffffff;max-width:600px;margin:24px auto;padding:24px;border:1px solid #d0d5dd\">")
            .Append("<p>").Append(e.Encode(greeting)).Append("</p>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(e.Encode(paragraph)).Append("</p>");
        }

        if (action is not null)
        {
            html.Append("<p><a href=\"").Append(e.Encode(action.AbsoluteUri))
                .Append("\" style=\"display:inline-block;background:#003064;color:#ffffff;padding:10px 20px;text-decoration:none;font-weight:bold\">")
                .Append(e.Encode(actionText!)).Append("</a></p>")
                .Append("<p style=\"font-size:13px;color:#4a4a4a\">").Append(e.Encode(action.AbsoluteUri)).Append("</p>");
        }

        return html.Append("<p>").Append(e.Encode(closing)).Append("</p></div>")
            .Append("<p style=\"text-align:center;font-size:12px;color:#4a4a4a\">").Append(e.Encode(footer)).Append("</p></body></html>")
            .ToString();
    }
}
