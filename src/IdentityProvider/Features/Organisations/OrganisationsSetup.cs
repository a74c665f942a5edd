using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;

namespace MeineIhk.IdentityProvider.Features.Organisations;

public static class OrganisationsSetup
{
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddOptions<ActivationLetterOptions>().BindConfiguration("Organisations:ActivationLetters").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ActivationLetterIssuer>();
        services.AddOptions<Activate.ActivationBackOffOptions>().BindConfiguration("Organisations:ActivationLetters:BackOff").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Activate.ActivationBackOff>();
        services.AddScoped<Notifier>();
        return services;
    }
}
