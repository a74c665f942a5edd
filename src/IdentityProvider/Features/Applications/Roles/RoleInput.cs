namespace MeineIhk.IdentityProvider.Features.Applications.Roles;

public sealed class RoleInput
{
    public string? Key { get; set; }

    public string? DisplayNameDe { get; set; }

    public string? DisplayNameEn { get; set; }

    public string? Description { get; set; }

    public RoleDefinition ToDefinition() =>
        new(Key?.Trim() ?? string.Empty, DisplayNameDe ?? string.Empty, DisplayNameEn ?? string.Empty, Description);
}
