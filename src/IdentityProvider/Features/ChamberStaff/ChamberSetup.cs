using MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;
using MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff;

public static class ChamberSetup
{
    public static IServiceCollection AddChamber(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LetterOptions>().BindConfiguration("Letters").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RegisterImport>();
        services.AddScoped<LetterPrinter>();
        services.AddHostedService<DevelopmentLetterFolder>();
        return services;
    }
}
