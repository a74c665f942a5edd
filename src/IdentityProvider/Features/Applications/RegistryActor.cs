namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>Who changes the registry: a person (developer or platform administrator), a management-API client, or an operator command.</summary>
public sealed record RegistryActor(string? UserId, string? ClientId, bool IsPlatformAdministrator)
{
    public static RegistryActor Operator { get; } = new(null, null, true);

    public static RegistryActor Person(string userId, bool isPlatformAdministrator) => new(userId, null, isPlatformAdministrator);

    /// <summary>The management API acts with platform-administrator rights for the platform team's automation.</summary>
    public static RegistryActor ManagementClient(string clientId) => new(null, clientId, true);

    /// <summary>What audit entries and secrets record as the author.</summary>
    public string Label => UserId ?? (ClientId is null ? "operator" : "client:" + ClientId);

    public bool MaySee(Domain.Fachanwendung application) =>
        IsPlatformAdministrator || (UserId is not null && application.OwnerUserId == UserId);
}
