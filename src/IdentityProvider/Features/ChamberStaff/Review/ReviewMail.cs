using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Mail;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Review;

/// <summary>Tells the requester of a decision; the mail is stored with the decision (outbox).</summary>
public static class ReviewMail
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static async Task SendAsync(
        ApplicationDbContext db, MailOutbox outbox, MailComposer composer, string? userId, string purpose, CancellationToken cancellationToken, params object[] arguments)
    {
        if (userId is null || await db.Users.FindAsync([userId], cancellationToken) is not { Email: { Length: > 0 } email } user)
        {
            return;
        }

        outbox.Add(composer.Compose(purpose, email, German, user.DisplayName, null, arguments));
    }
}
