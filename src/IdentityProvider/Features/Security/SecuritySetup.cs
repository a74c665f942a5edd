namespace MeineIhk.IdentityProvider.Features.Security;

public static class SecuritySetup
{
    public static IServiceCollection AddSecurityEvents(this IServiceCollection services)
    {
        services.AddSingleton<ISecurityEventTrail, LoggedSecurityEventTrail>();
        return services;
    }
}
