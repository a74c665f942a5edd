namespace MeineIhk.IdentityProvider.Features.Applications;

public static class ApplicationsSetup
{
    public static IServiceCollection AddApplicationRegistry(this IServiceCollection services)
    {
        services.AddScoped<ApplicationRegistry>();
        return services;
    }
}
