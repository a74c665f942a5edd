using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Mail;

/// <summary>
/// Adds mails to the context: they are stored by the caller's SaveChanges, in the same transaction as the
/// change that causes them, so a mail is never lost and never sent for a change that was rolled back.
/// </summary>
public sealed class MailOutbox(ApplicationDbContext db, IDataProtectionProvider dataProtection, TimeProvider clock, OutboxSignal signal)
{
    internal const string ProtectorPurpose = "MeineIhk.MailOutbox.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);

    public void Add(MailMessage message)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMails.Add(new OutboxMail
        {
            Purpose = message.Purpose,
            Recipient = message.Recipient,
            NormalizedRecipient = OutboxMail.Normalize(message.Recipient),
            Subject = message.Subject,
            ProtectedTextBody = _protector.Protect(message.TextBody),
            ProtectedHtmlBody = _protector.Protect(message.HtmlBody),
            CreatedAt = now,
            NextAttemptAt = now,
        });

        // Wakes the dispatcher after the caller's SaveChanges; if that fails, the dispatcher finds nothing new.
        signal.NotifyAfterSave(db, Outbox.Mail);
    }
}
