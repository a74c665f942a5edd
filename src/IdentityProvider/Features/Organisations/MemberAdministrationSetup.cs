using MeineIhk.IdentityProvider.Features.Organisations.Invitations;
using MeineIhk.IdentityProvider.Features.Organisations.Members;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>The administrator side of members: the member directory and invitations ("Benutzer hinzufügen").</summary>
public static class MemberAdministrationSetup
{
    public static IServiceCollection AddMemberAdministration(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InvitationOptions>(configuration.GetSection("Organisations:Invitations"));
        services.AddScoped<MemberDirectory>();
        services.AddScoped<InvitationSender>();
        return services;
    }
}
