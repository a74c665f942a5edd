using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using MeineIhk.IdentityProvider.Features.Organisations.Activate;
using MeineIhk.IdentityProvider.Features.Organisations.Register;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>The company side of chapter 3: the chamber directory, the request draft.</summary>
public static class OrganisationRegistrationSetup
{
    public static IServiceCollection AddOrganisationRegistration(this IServiceCollection services)
    {
        services.AddChamberDirectory();
        services.AddSingleton<OrganisationRequestDraft>();
        services.AddScoped<OrganisationActivation>();
        return services;
    }
}
