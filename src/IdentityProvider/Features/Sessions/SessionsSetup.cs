using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Sessions;

public static class SessionsSetup
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddOptions<BackChannelLogoutOptions>().BindConfiguration("BackChannelLogout").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BackChannelLogout>();

        // Server-side sessions for the Identity cookie: the store decides idle and absolute ends, the cookie only carries
        // the handle, so the cookie itself neither slides nor outlives the absolute lifetime.
        services.AddOptions<ProviderSessionOptions>().BindConfiguration(ProviderSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddScoped<NewDeviceNotice>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore, IOptions<ProviderSessionOptions>>((o, store, sessions) =>
            {
                o.SessionStore = store;
                o.ExpireTimeSpan = sessions.Value.AbsoluteLifetime;
                o.SlidingExpiration = false;
            });
        services.AddSingleton<SecurityStampSessionEnd>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<SecurityStampSessionEnd>());
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
