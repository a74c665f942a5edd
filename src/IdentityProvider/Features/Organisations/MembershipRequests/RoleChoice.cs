namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>Checkboxes of roles, one group per Fachanwendung (see _RoleChoice).</summary>
public sealed record RoleChoice(
    RoleCatalogue Catalogue,
    IReadOnlyCollection<Guid> Selected,
    string Legend,
    IReadOnlyCollection<Guid>? Held = null,
    string Name = "RoleIds");
