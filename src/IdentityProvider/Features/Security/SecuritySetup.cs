using MeineIhk.IdentityProvider.Features.Security.Retention;
using MeineIhk.IdentityProvider.Features.Security.Trail;
using OpenIddict.Server;

namespace MeineIhk.IdentityProvider.Features.Security;

public static class SecuritySetup
{
    public static IServiceCollection AddSecurityEvents(this IServiceCollection services)
    {
        services.AddOptions<SecurityEventOptions>().BindConfiguration(SecurityEventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SecurityEventQueue>();
        services.AddSingleton<ISecurityEventTrail>(sp => sp.GetRequiredService<SecurityEventQueue>());
        services.AddHostedService<SecurityEventWriter>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, AdministrationEvents>();
        services.AddOpenIddict().AddServer(o =>
        {
            ClientAuthenticationFailures<OpenIddictServerEvents.ApplyTokenResponseContext>.AddTo(o);
            ClientAuthenticationFailures<OpenIddictServerEvents.ApplyIntrospectionResponseContext>.AddTo(o);
            ClientAuthenticationFailures<OpenIddictServerEvents.ApplyRevocationResponseContext>.AddTo(o);
        });

        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RetentionSweep>();
        services.AddHostedService<RetentionJob>();
        return services;
    }
}
