namespace MeineIhk.IdentityProvider.Domain;

public enum ActivationLetterReason
{
    /// <summary>The chamber approved the registration.</summary>
    Approval = 0,

    /// <summary>An administrator asked for a new organisation password ("neues Organisationspasswort anfordern").</summary>
    NewPasswordRequested = 1,
}

/// <summary>
/// A postal letter to the organisation's management with a single-use activation password. The password is
/// stored hashed; its plain text is kept only protected (Data Protection) until the letter is marked sent,
/// because the chamber prints it, and is erased then.
/// </summary>
public class ActivationLetter
{
    /// <summary>After this many wrong passwords (by anyone) the chamber's staff are told, once; the letter stays usable.</summary>
    public const int ChamberAlertThreshold = 10;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public ActivationLetterReason Reason { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>The password, protected; null once the letter has been sent.</summary>
    public string? ProtectedPassword { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public string? CreatedByUserId { get; set; }

    /// <summary>Recipient as printed: the management at the address of the chamber's member register.</summary>
    public required string RecipientName { get; set; }

    public required string RecipientFirmierung { get; set; }

    public required string RecipientStrasse { get; set; }

    public required string RecipientHausnummer { get; set; }

    public required string RecipientPlz { get; set; }

    public required string RecipientOrt { get; set; }

    public DateTime? SentAt { get; set; }

    public string? SentByUserId { get; set; }

    public DateTime? UsedAt { get; set; }

    public string? UsedByUserId { get; set; }

    /// <summary>Set when a newer letter replaces this one or the organisation ends.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>Wrong passwords by anyone; they never lock the letter (the back-off is per user and address, see <see cref="ActivationAttempts"/>).</summary>
    public int FailedAttempts { get; set; }

    public DateTime? ChamberAlertedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public bool IsUsable(DateTime now) => UsedAt is null && RevokedAt is null && now < ExpiresAt;

    /// <summary>Counts a wrong password; true when this one reaches the threshold at which the chamber is told.</summary>
    public bool RegisterFailedAttempt(DateTime now)
    {
        FailedAttempts++;
        ConcurrencyStamp = Guid.NewGuid();
        if (FailedAttempts < ChamberAlertThreshold || ChamberAlertedAt is not null)
        {
            return false;
        }

        ChamberAlertedAt = now;
        return true;
    }

    public void MarkUsed(string userId, DateTime now)
    {
        if (!IsUsable(now))
        {
            throw new DomainRuleException(DomainRule.LetterNotUsable);
        }

        UsedAt = now;
        UsedByUserId = userId;
        ProtectedPassword = null;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public void MarkSent(string staffUserId, DateTime now)
    {
        SentAt ??= now;
        SentByUserId ??= staffUserId;
        ProtectedPassword = null;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public void Revoke(DateTime now)
    {
        RevokedAt ??= now;
        ProtectedPassword = null;
        ConcurrencyStamp = Guid.NewGuid();
    }
}
