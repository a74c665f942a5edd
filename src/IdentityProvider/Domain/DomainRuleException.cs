namespace MeineIhk.IdentityProvider.Domain;

/// <summary>The rules a state change can break; pages map each to a localised message.</summary>
public enum DomainRule
{
    AlreadyMember,
    RoleAlreadyGranted,
    RoleNotGranted,
    RoleKeyTaken,
    OrganisationNotRequested,
    OrganisationNotApproved,
    OrganisationNotActive,
    LastAdministrator,
    LetterNotUsable,
    RequestAlreadyDecided,
    InvitationNotUsable,
    RoleKeyUnknown,
    ApplicationAlreadyApproved,
    SecretUnknown,
    NoPendingChange,
}

public sealed class DomainRuleException(DomainRule rule) : InvalidOperationException($"Domain rule violated: {rule}")
{
    public DomainRule Rule { get; } = rule;
}
