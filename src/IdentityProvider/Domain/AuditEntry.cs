namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// Who did what, when, for whom. Written in the same transaction as the change it records; names are
/// snapshots so that the log still reads after an account is deleted.
/// </summary>
public class AuditEntry
{
    /// <summary>Stands in for the name of a person whose account was deleted; pages show "gelöschte Person".</summary>
    public const string DeletedPerson = "~deleted-person";

    public Guid Id { get; set; } = Guid.NewGuid();

    public DateTime OccurredAt { get; set; }

    /// <summary>What happened, one of <see cref="AuditAction"/>.</summary>
    public required string Action { get; set; }

    public string? ActorUserId { get; set; }

    public string? ActorName { get; set; }

    public Guid? OrganisationId { get; set; }

    public int? ChamberId { get; set; }

    public string? SubjectUserId { get; set; }

    public string? SubjectName { get; set; }

    /// <summary>The object of the action in words of the domain, e.g. "berichtsheft: azubi"; never a secret.</summary>
    public string? Details { get; set; }
}

/// <summary>Stable codes of audited actions; pages translate them via the resource key "Audit.{code}".</summary>
public static class AuditAction
{
    public const string OrganisationRequested = "organisation.requested";
    public const string OrganisationApproved = "organisation.approved";
    public const string OrganisationRejected = "organisation.rejected";
    public const string OrganisationActivated = "organisation.activated";
    public const string OrganisationDataChanged = "organisation.data-changed";
    public const string OrganisationDataChangeRequested = "organisation.data-change-requested";
    public const string OrganisationDataChangeApproved = "organisation.data-change-approved";
    public const string OrganisationDataChangeRejected = "organisation.data-change-rejected";
    public const string OrganisationDeleted = "organisation.deleted";
    public const string LetterIssued = "letter.issued";
    public const string LetterSent = "letter.sent";
    public const string LetterRevoked = "letter.revoked";
    public const string ActivationFailed = "activation.failed";
    public const string MemberAdded = "member.added";
    public const string MemberRemoved = "member.removed";
    public const string MemberLeft = "member.left";
    public const string AdministratorGranted = "administrator.granted";
    public const string AdministratorWithdrawn = "administrator.withdrawn";
    public const string RoleGranted = "role.granted";
    public const string RoleWithdrawn = "role.withdrawn";
    public const string InvitationSent = "invitation.sent";
    public const string InvitationRevoked = "invitation.revoked";
    public const string JoinRequestApproved = "join-request.approved";
    public const string JoinRequestRejected = "join-request.rejected";
    public const string RoleRequestApproved = "role-request.approved";
    public const string RoleRequestRejected = "role-request.rejected";
    public const string RegisterImported = "register.imported";
    public const string ChamberStaffGranted = "chamber-staff.granted";
    public const string ChamberStaffRevoked = "chamber-staff.revoked";
    public const string SupportConfirmationResent = "support.confirmation-resent";
    public const string SupportUnlocked = "support.unlocked";
    public const string SupportSessionsEnded = "support.sessions-ended";
    public const string ApplicationRegistered = "application.registered";
    public const string ApplicationChanged = "application.changed";
    public const string ApplicationPkceRelaxed = "application.pkce-relaxed";
    public const string ApplicationPkceRequired = "application.pkce-required";
    public const string ApplicationApproved = "application.approved";
    public const string ApplicationDisabled = "application.disabled";
    public const string ApplicationEnabled = "application.enabled";
    public const string ApplicationFirstPartySet = "application.first-party-set";
    public const string ApplicationFirstPartyRemoved = "application.first-party-removed";
    public const string ApplicationSecretRotated = "application.secret-rotated";
    public const string ApplicationSecretRevoked = "application.secret-revoked";
    public const string ApplicationChangeRequested = "application.change-requested";
    public const string ApplicationChangeWithdrawn = "application.change-withdrawn";
    public const string ApplicationChangeApproved = "application.change-approved";
    public const string ApplicationChangeRejected = "application.change-rejected";
    public const string ApplicationRoleAdded = "application.role-added";
    public const string ApplicationRoleChanged = "application.role-changed";
    public const string ApplicationRoleRemoved = "application.role-removed";
    public const string DeveloperGranted = "developer.granted";
    public const string DeveloperRevoked = "developer.revoked";
}
