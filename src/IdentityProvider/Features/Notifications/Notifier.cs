using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Notifications;

/// <summary>
/// Puts an event on the recipient's bell and sends the same event by mail (to the confirmed primary address),
/// both saved by the caller's SaveChanges together with the change they report.
/// </summary>
public sealed class Notifier(
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    /// <param name="link">Absolute address of the page to open (e.g. the request); its path is kept for the bell.</param>
    public void Notify(ApplicationUser recipient, string kind, Organisation? organisation, string? details, Uri? link)
    {
        db.Notifications.Add(new Notification
        {
            UserId = recipient.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Kind = kind,
            OrganisationId = organisation?.Id,
            OrganisationName = organisation?.Firmierung,
            Details = details,
            Link = link?.PathAndQuery,
        });

        if (recipient is { EmailConfirmed: true, Email: { } email })
        {
            // Mails go out in German, the default language; the bell shows each reader's own language.
            var culture = CultureInfo.GetCultureInfo("de-DE");
            var text = Text(kind, organisation?.Firmierung, details, culture);
            outbox.Add(composer.Compose("Notification", $"Mail.Notification.Subject.{kind}", email, culture, recipient.DisplayName, link, text));
        }
    }

    public string Text(string kind, string? organisationName, string? details, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return t[$"Notification.{kind}", organisationName ?? "", details ?? ""].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
