using System.Text.RegularExpressions;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MimeKit;

namespace MeineIhk.IdentityProvider.Features.Development.Mailbox;

/// <summary>Development only: the mails the folder transport wrote, with their links clickable.</summary>
[AllowAnonymous]
public sealed partial class IndexModel(IHostEnvironment environment, FolderMailTransport folder) : PageModel
{
    public IReadOnlyList<MailSummary> Mails { get; private set; } = [];

    public MailSummary? Selected { get; private set; }

    public IReadOnlyList<TextPart> SelectedText { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        var files = Directory.Exists(folder.Folder)
            ? new DirectoryInfo(folder.Folder).GetFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(200).ToList()
            : [];
        var mails = new List<MailSummary>();
        foreach (var file in files)
        {
            using var message = await MimeMessage.LoadAsync(file.FullName, cancellationToken);
            var summary = new MailSummary(Path.GetFileNameWithoutExtension(file.Name), message.To.ToString(), message.Subject ?? string.Empty, message.Date, message.TextBody ?? string.Empty);
            mails.Add(summary);
            if (summary.Id == id)
            {
                Selected = summary;
            }
        }

        Mails = mails;
        SelectedText = Selected is null ? [] : Linkify(Selected.Text);
        return Page();
    }

    private static List<TextPart> Linkify(string text)
    {
        var parts = new List<TextPart>();
        var position = 0;
        foreach (Match link in Links().Matches(text))
        {
            parts.Add(new TextPart(text[position..link.Index], null));
            parts.Add(new TextPart(link.Value, link.Value));
            position = link.Index + link.Length;
        }

        parts.Add(new TextPart(text[position..], null));
        return parts;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Links();

    public sealed record MailSummary(string Id, string To, string Subject, DateTimeOffset Date, string Text);

    public sealed record TextPart(string Text, string? Link);
}
