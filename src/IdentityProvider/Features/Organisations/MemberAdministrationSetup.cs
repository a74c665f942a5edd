using MeineIhk.IdentityProvider.Features.Organisations.Invitations;
using MeineIhk.IdentityProvider.Features.Organisations.Members;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>The administrator side of members: the member directory and invitations ("Benutzer hinzufügen").</summary>
public static class MemberAdministrationSetup
{
    public static IServiceCollection AddMemberAdministration(this IServiceCollection services)
    {
        services.AddOptions<InvitationOptions>().BindConfiguration("Organisations:Invitations").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<MemberDirectory>();
        services.AddScoped<InvitationSender>();
        services.AddScoped<InvitationLinks>();
        services.AddScoped<Audit.AuditText>();
        return services;
    }
}
