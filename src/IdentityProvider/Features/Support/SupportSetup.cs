using MeineIhk.IdentityProvider.Features.Support.ChamberStaff;
using MeineIhk.IdentityProvider.Features.Support.Users;

namespace MeineIhk.IdentityProvider.Features.Support;

public static class SupportSetup
{
    public static IServiceCollection AddSupport(this IServiceCollection services)
    {
        services.AddScoped<UserSupport>();
        services.AddScoped<ChamberStaffAdministration>();
        services.AddScoped<Profile.Export.PersonalDataReport>();
        return services;
    }
}
