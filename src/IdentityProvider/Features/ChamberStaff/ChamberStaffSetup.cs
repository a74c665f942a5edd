using MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;
using MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff;

public static class ChamberStaffSetup
{
    public static IServiceCollection AddChamberStaff(this IServiceCollection services)
    {
        services.AddOptions<LetterOptions>().BindConfiguration("Letters").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RegisterImport>();
        services.AddScoped<LetterPrinter>();
        services.AddHostedService<DevelopmentLetterFolder>();
        return services;
    }
}
