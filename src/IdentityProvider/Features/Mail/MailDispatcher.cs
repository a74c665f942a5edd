using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;

namespace MeineIhk.IdentityProvider.Features.Mail;

/// <summary>
/// Sends what the outbox holds: claims each due mail (so two nodes never send the same one), sends it with
/// short retries for passing faults, and otherwise backs off and tries again later. A mail leaves the
/// queue only as sent or, after every attempt, as given up — never silently.
/// </summary>
public sealed class MailDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<MailOptions> options,
    IDataProtectionProvider dataProtection,
    Hosting.Observability.ProviderMetrics metrics,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector = dataProtection.CreateProtector(MailOutbox.ProtectorPurpose);

    private readonly ResiliencePipeline _send = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Mail dispatch failed; the outbox keeps the mails for the next round");
            }

            try
            {
                await signal.WaitAsync(Outbox.Mail, options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends every mail that is due now; returns how many were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db.OutboxMails
                .Where(m => m.SentAt == null && m.GaveUpAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .OrderBy(m => m.CreatedAt)
                .Take(20)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return delivered;
            }

            foreach (var mail in due)
            {
                if (await TryClaimAsync(db, mail, now, cancellationToken) && !await HeldBackAsync(db, mail, now, cancellationToken)
                    && await SendAsync(db, mail, cancellationToken))
                {
                    delivered++;
                }
            }
        }
    }

    private static async Task<bool> TryClaimAsync(ApplicationDbContext db, OutboxMail mail, DateTime now, CancellationToken cancellationToken)
    {
        mail.Claim(now, Lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another dispatcher claimed it first.
            db.Entry(mail).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>
    /// The per-recipient throttle (counted over the outbox table, so it holds across nodes): beyond the limit a mail
    /// waits until the oldest mail of the past hour to that address is an hour old. A held-back mail that a newer one
    /// of the same purpose repeats (the same request made again) is superseded instead of sent twice.
    /// </summary>
    private async Task<bool> HeldBackAsync(ApplicationDbContext db, OutboxMail mail, DateTime now, CancellationToken cancellationToken)
    {
        var limit = options.Value.Throttle.PerRecipientPerHour;
        if (limit <= 0)
        {
            return false;
        }

        var windowStart = now - TimeSpan.FromHours(1);
        var recent = await db.OutboxMails
            .Where(m => m.NormalizedRecipient == mail.NormalizedRecipient && m.SentAt != null && m.SentAt > windowStart)
            .Select(m => m.SentAt!.Value)
            .OrderBy(sentAt => sentAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        if (recent.Count < limit)
        {
            return false;
        }

        var repeated = await db.OutboxMails.AnyAsync(
            m => m.NormalizedRecipient == mail.NormalizedRecipient && m.Purpose == mail.Purpose && m.Id != mail.Id
                && m.SentAt == null && m.GaveUpAt == null && m.CreatedAt > mail.CreatedAt,
            cancellationToken);
        if (repeated)
        {
            mail.Supersede(now);
        }
        else
        {
            mail.HoldBack(recent[0] + TimeSpan.FromHours(1));
        }

        logger.LogInformation("Mail {MailId} ({Purpose}) held back by the per-recipient throttle", mail.Id, mail.Purpose);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Mail {MailId}: the claim expired while holding it back", mail.Id);
        }

        return true;
    }

    private async Task<bool> SendAsync(ApplicationDbContext db, OutboxMail mail, CancellationToken cancellationToken)
    {
        bool sent;
        try
        {
            var message = Compose(mail);
            await _send.ExecuteAsync(async token => await transport.SendAsync(message, token), cancellationToken);
            mail.MarkSent(clock.GetUtcNow().UtcDateTime);
            metrics.Delivered(Outbox.Mail);
            sent = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The error names the SMTP failure, never the mail's content (its links are secrets).
            mail.MarkFailed(clock.GetUtcNow().UtcDateTime, $"{exception.GetType().Name}: {exception.Message}");
            logger.LogWarning("Mail {MailId} ({Purpose}) not sent, attempt {Attempts}: {Error}", mail.Id, mail.Purpose, mail.Attempts, mail.LastError);
            if (mail.GaveUpAt is not null)
            {
                metrics.GivenUp(Outbox.Mail);
            }

            sent = false;
        }

        // The claim token is the concurrency token: the outcome is saved only under the claim we sent with.
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Mail {MailId}: the claim expired during the send; another dispatcher owns it now", mail.Id);
        }

        return sent;
    }

    private MimeMessage Compose(OutboxMail mail)
    {
        var message = new MimeMessage
        {
            MessageId = $"{mail.Id:N}@meine-ihk",
            Subject = mail.Subject,
            Body = new BodyBuilder
            {
                TextBody = _protector.Unprotect(mail.ProtectedTextBody!),
                HtmlBody = _protector.Unprotect(mail.ProtectedHtmlBody!),
            }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        return message;
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException => true,
        _ => false,
    };
}
