namespace MeineIhk.IdentityProvider.Domain;

public enum MembershipRequestKind
{
    /// <summary>Beitrittsanfrage: a user asks to become a member (by the organisation's data or an invitation).</summary>
    Join = 0,

    /// <summary>Rollenanfrage: a member asks for roles.</summary>
    Role = 1,
}

public enum MembershipRequestStatus
{
    Open = 0,
    Approved = 1,
    Rejected = 2,

    /// <summary>The user took it back, or left the organisation.</summary>
    Withdrawn = 3,
}

/// <summary>
/// A join or role request to an organisation's administrators. One administrator may take it ("Mir zuweisen");
/// exactly one decision wins (concurrency stamp).
/// </summary>
public class MembershipRequest
{
    public const int ReasonMaxLength = 500;
    public const int RejectionReasonMaxLength = 500;

    public Guid Id { get; set; } = Guid.NewGuid();

    public MembershipRequestKind Kind { get; set; }

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public required string UserId { get; set; }

    public ApplicationUser User { get; set; } = null!;

    /// <summary>Beitrittsgrund (or the reason for the roles).</summary>
    public required string Reason { get; set; }

    /// <summary>Set when the request came from confirming an invitation link.</summary>
    public Guid? InvitationId { get; set; }

    /// <summary>
    /// The invited address, set when it is not among the confirmed addresses of the account that accepted: the link
    /// may have been forwarded or intercepted, which the deciding administrator should know.
    /// </summary>
    public string? InvitedAddressNotConfirmed { get; set; }

    public DateTime CreatedAt { get; set; }

    public MembershipRequestStatus Status { get; set; }

    public string? AssignedToUserId { get; set; }

    public DateTime? AssignedAt { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedByUserId { get; set; }

    public string? RejectionReason { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<MembershipRequestRole> Roles { get; } = [];

    public void RequestRole(FachanwendungRole role)
    {
        if (Roles.All(r => r.FachanwendungRoleId != role.Id))
        {
            Roles.Add(new MembershipRequestRole { Request = this, MembershipRequestId = Id, Role = role, FachanwendungRoleId = role.Id });
        }
    }

    public void AssignTo(string administratorUserId, DateTime now)
    {
        RequireOpen();
        AssignedToUserId = administratorUserId;
        AssignedAt = now;
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>Marks the request approved; the caller grants the membership and the (possibly changed) roles.</summary>
    public void Approve(string administratorUserId, DateTime now) => Decide(MembershipRequestStatus.Approved, administratorUserId, now);

    public void Reject(string reason, string administratorUserId, DateTime now)
    {
        RejectionReason = reason;
        Decide(MembershipRequestStatus.Rejected, administratorUserId, now);
    }

    public void Withdraw(DateTime now) => Decide(MembershipRequestStatus.Withdrawn, UserId, now);

    private void Decide(MembershipRequestStatus status, string userId, DateTime now)
    {
        RequireOpen();
        Status = status;
        DecidedAt = now;
        DecidedByUserId = userId;
        ConcurrencyStamp = Guid.NewGuid();
    }

    private void RequireOpen()
    {
        if (Status != MembershipRequestStatus.Open)
        {
            throw new DomainRuleException(DomainRule.RequestAlreadyDecided);
        }
    }
}

public class MembershipRequestRole
{
    public Guid MembershipRequestId { get; set; }

    public MembershipRequest Request { get; set; } = null!;

    public Guid FachanwendungRoleId { get; set; }

    public FachanwendungRole Role { get; set; } = null!;
}
