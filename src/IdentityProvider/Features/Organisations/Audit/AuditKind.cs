using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Organisations.Audit;

/// <summary>The kinds an administrator filters the log by; each is a set of <see cref="AuditAction"/>s, named by "Audit.Kind.{key}".</summary>
public static class AuditKind
{
    public static readonly IReadOnlyDictionary<string, string[]> Actions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["mitglieder"] = [AuditAction.MemberAdded, AuditAction.MemberRemoved, AuditAction.MemberLeft, AuditAction.AdministratorGranted, AuditAction.AdministratorWithdrawn],
        ["rollen"] = [AuditAction.RoleGranted, AuditAction.RoleWithdrawn],
        ["anfragen"] = [AuditAction.JoinRequestApproved, AuditAction.JoinRequestRejected, AuditAction.RoleRequestApproved, AuditAction.RoleRequestRejected],
        ["einladungen"] = [AuditAction.InvitationSent, AuditAction.InvitationRevoked],
        ["organisation"] =
        [
            AuditAction.OrganisationRequested, AuditAction.OrganisationApproved, AuditAction.OrganisationRejected, AuditAction.OrganisationActivated,
            AuditAction.OrganisationDataChanged, AuditAction.OrganisationDataChangeRequested, AuditAction.OrganisationDataChangeApproved,
            AuditAction.OrganisationDataChangeRejected, AuditAction.OrganisationDeleted,
        ],
        ["briefe"] = [AuditAction.LetterIssued, AuditAction.LetterSent, AuditAction.LetterRevoked, AuditAction.ActivationFailed],
    };
}
