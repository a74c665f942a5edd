namespace MeineIhk.IdentityProvider.Domain;

/// <summary>ASP.NET Core Identity roles of the platform itself (not roles of a Fachanwendung).</summary>
public static class PlatformRoles
{
    public const string Administrator = "platform-administrator";

    public const string Developer = "developer";
}
