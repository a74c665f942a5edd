using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Sessions;

public static class SessionsSetup
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddOptions<BackChannelLogoutOptions>().BindConfiguration("BackChannelLogout").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BackChannelLogout>();
        services.AddSingleton<LastRoleLoss>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<LastRoleLoss>());
        services.AddSingleton<BackChannelTargets>();
        services.AddHttpClient(BackChannelLogoutSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a 3xx is a failed delivery, never followed
                UseCookies = false,
                UseProxy = false, // the checked address is the one connected to
                ConnectCallback = sp.GetRequiredService<BackChannelTargets>().ConnectAsync,
            });
        services.AddSingleton<BackChannelLogoutSender>();
        services.AddHostedService(sp => sp.GetRequiredService<BackChannelLogoutSender>());

        // Discovery (Back-Channel Logout 1.0, 2.1): logout tokens are sent, with sid. Front-channel logout is not offered.
        services.Configure<OpenIddictServerOptions>(o => o.Handlers.Add(
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
                .UseInlineHandler(context =>
                {
                    context.Metadata["backchannel_logout_supported"] = true;
                    context.Metadata["backchannel_logout_session_supported"] = true;
                    return ValueTask.CompletedTask;
                })
                .SetOrder(int.MaxValue - 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build()));
        return services;
    }
}
