using MeineIhk.IdentityProvider.Features.Chamber.Letters;
using MeineIhk.IdentityProvider.Features.Chamber.Register;

namespace MeineIhk.IdentityProvider.Features.Chamber;

public static class ChamberSetup
{
    public static IServiceCollection AddChamber(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LetterOptions>(configuration.GetSection("Letters"));
        services.AddScoped<RegisterImport>();
        services.AddScoped<LetterPrinter>();
        services.AddHostedService<DevelopmentLetterFolder>();
        return services;
    }
}
