namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// "Benutzer hinzufügen": an administrator invites an e-mail address with chosen roles. The mailed link holds
/// a random token of which only the hash is stored; the link is single use, expires, can be revoked and
/// resent (resending issues a new token, the old link dies).
/// </summary>
public class Invitation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public required string Email { get; set; }

    public required string NormalizedEmail { get; set; }

    /// <summary>SHA-256 of the link's token (the token has 256 random bits, so a plain hash suffices).</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public required string CreatedByUserId { get; set; }

    public DateTime LastSentAt { get; set; }

    public int SendCount { get; set; } = 1;

    public DateTime? RevokedAt { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public string? AcceptedByUserId { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<InvitationRole> Roles { get; } = [];

    public bool IsUsable(DateTime now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;

    public void Accept(string userId, DateTime now)
    {
        if (!IsUsable(now))
        {
            throw new DomainRuleException(DomainRule.InvitationNotUsable);
        }

        AcceptedAt = now;
        AcceptedByUserId = userId;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public void Revoke(DateTime now)
    {
        if (AcceptedAt is not null)
        {
            throw new DomainRuleException(DomainRule.InvitationNotUsable);
        }

        RevokedAt ??= now;
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>A fresh token and expiry; the earlier link stops working.</summary>
    public void Resend(string tokenHash, DateTime now, DateTime expiresAt)
    {
        if (AcceptedAt is not null || RevokedAt is not null)
        {
            throw new DomainRuleException(DomainRule.InvitationNotUsable);
        }

        TokenHash = tokenHash;
        LastSentAt = now;
        ExpiresAt = expiresAt;
        SendCount++;
        ConcurrencyStamp = Guid.NewGuid();
    }
}

public class InvitationRole
{
    public Guid InvitationId { get; set; }

    public Invitation Invitation { get; set; } = null!;

    public Guid FachanwendungRoleId { get; set; }

    public FachanwendungRole Role { get; set; } = null!;
}
