namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A specialised application of the chambers. Its OpenIddict client carries the protocol settings
/// (redirect URIs, secrets, permissions); this entity carries what the product adds: the role catalogue
/// and whether the provider itself refuses users without a role.
/// </summary>
public class Fachanwendung
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The OAuth client_id of the OpenIddict application; stable.</summary>
    public required string ClientId { get; set; }

    public required string DisplayNameDe { get; set; }

    public required string DisplayNameEn { get; set; }

    /// <summary>When set, the provider answers access_denied for users without a role here.</summary>
    public bool RoleRequired { get; set; }

    public bool IsEnabled { get; set; } = true;

    public List<FachanwendungRole> Roles { get; } = [];

    public FachanwendungRole AddRole(string key, string displayNameDe, string displayNameEn, string? description = null)
    {
        if (Roles.Any(r => string.Equals(r.Key, key, StringComparison.Ordinal)))
        {
            throw new DomainRuleException(DomainRule.RoleKeyTaken);
        }

        var role = new FachanwendungRole
        {
            Fachanwendung = this,
            FachanwendungId = Id,
            Key = key,
            DisplayNameDe = displayNameDe,
            DisplayNameEn = displayNameEn,
            Description = description,
        };
        Roles.Add(role);
        return role;
    }

    public string DisplayName(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? DisplayNameEn : DisplayNameDe;
}
