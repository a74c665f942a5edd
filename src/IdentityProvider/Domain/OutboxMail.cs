namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A mail written in the same transaction as the change that causes it, and sent later by the dispatcher.
/// Bodies are protected at rest (they carry confirmation links) and erased once the mail is delivered.
/// </summary>
public class OutboxMail
{
    public const int MaxAttempts = 25;

    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>What the mail is for (e.g. ConfirmEmail); for operators, never its content.</summary>
    public required string Purpose { get; set; }

    public required string Recipient { get; set; }

    /// <summary>The recipient in upper case: the key of the per-recipient throttle.</summary>
    public string NormalizedRecipient { get; set; } = string.Empty;

    public required string Subject { get; set; }

    public string? ProtectedTextBody { get; set; }

    public string? ProtectedHtmlBody { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>Set when <see cref="MaxAttempts"/> were spent; the mail stays for operators to see.</summary>
    public DateTime? GaveUpAt { get; set; }

    /// <summary>A dispatcher's claim: whoever changed this token last owns the send.</summary>
    public Guid ClaimToken { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    public bool IsDue(DateTime now) => SentAt is null && GaveUpAt is null && NextAttemptAt <= now && (ClaimedUntil is null || ClaimedUntil < now);

    public void Claim(DateTime now, TimeSpan lease)
    {
        ClaimToken = Guid.NewGuid();
        ClaimedUntil = now + lease;
    }

    public void MarkSent(DateTime now)
    {
        SentAt = now;
        ClaimedUntil = null;
        ProtectedTextBody = null;
        ProtectedHtmlBody = null;
        LastError = null;
    }

    /// <summary>The per-recipient throttle holds the mail back until <paramref name="until"/>; it is not an attempt.</summary>
    public void HoldBack(DateTime until)
    {
        NextAttemptAt = until;
        ClaimedUntil = null;
    }

    /// <summary>A held-back mail that a newer one of the same purpose to the same address repeats is not sent.</summary>
    public void Supersede(DateTime now)
    {
        GaveUpAt = now;
        ClaimedUntil = null;
        ProtectedTextBody = null;
        ProtectedHtmlBody = null;
        LastError = "Superseded: a newer mail of the same purpose to the same address was held back by the throttle.";
    }

    public static string Normalize(string recipient) => recipient.Trim().ToUpperInvariant();

    /// <summary>Backs off exponentially from 30 seconds to an hour; after the last attempt the mail is given up, not deleted.</summary>
    public void MarkFailed(DateTime now, string error)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        ClaimedUntil = null;
        if (Attempts >= MaxAttempts)
        {
            GaveUpAt = now;
            return;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Attempts - 1), 3600));
        NextAttemptAt = now + delay;
    }
}
