namespace MeineIhk.IdentityProvider.Features.Applications;

public static class ApplicationsSetup
{
    public static IServiceCollection AddApplicationRegistry(this IServiceCollection services)
    {
        services.AddScoped<ApplicationRegistry>();
        services.AddScoped<PlatformPeople>();
        return services;
    }

    /// <summary>The platform roles exist from the first start on (idempotent).</summary>
    public static async Task EnsurePlatformRolesAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlatformPeople>().EnsureRolesAsync();
    }
}
