namespace MeineIhk.IdentityProvider.Domain;

/// <summary>A person's membership in an organisation, with the roles they hold per Fachanwendung.</summary>
public class Membership
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public required string UserId { get; set; }

    public ApplicationUser User { get; set; } = null!;

    /// <summary>Unternehmensadministrator. Being one grants no role in any Fachanwendung.</summary>
    public bool IsAdministrator { get; set; }

    public DateTime JoinedAt { get; set; }

    public List<MemberRole> Roles { get; } = [];

    public MemberRole GrantRole(FachanwendungRole role, DateTime now, string? grantedByUserId = null)
    {
        if (Roles.Any(r => r.FachanwendungRoleId == role.Id))
        {
            throw new DomainRuleException(DomainRule.RoleAlreadyGranted);
        }

        var granted = new MemberRole { Membership = this, Role = role, FachanwendungRoleId = role.Id, GrantedByUserId = grantedByUserId, GrantedAt = now };
        Roles.Add(granted);
        return granted;
    }

    public void WithdrawRole(FachanwendungRole role)
    {
        var granted = Roles.FirstOrDefault(r => r.FachanwendungRoleId == role.Id)
            ?? throw new DomainRuleException(DomainRule.RoleNotGranted);
        Roles.Remove(granted);
    }
}
