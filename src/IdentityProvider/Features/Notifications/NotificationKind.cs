namespace MeineIhk.IdentityProvider.Features.Notifications;

/// <summary>What a notification tells; the text is the resource "Notification.{kind}" with {0} = Firmierung, {1} = details.</summary>
public static class NotificationKind
{
    public const string JoinRequestReceived = "join-request-received";
    public const string RoleRequestReceived = "role-request-received";
    public const string JoinRequestApproved = "join-request-approved";
    public const string JoinRequestRejected = "join-request-rejected";
    public const string RoleRequestApproved = "role-request-approved";
    public const string RoleRequestRejected = "role-request-rejected";
    public const string RoleGranted = "role-granted";
    public const string RoleWithdrawn = "role-withdrawn";
    public const string AdministratorGranted = "administrator-granted";
    public const string AdministratorWithdrawn = "administrator-withdrawn";
    public const string MemberRemoved = "member-removed";
    public const string MemberLeft = "member-left";
    public const string OrganisationDeleted = "organisation-deleted";
    public const string ActivationFailures = "activation-failures";
}
