using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

public static class SecondFactorSetup
{
    public static IServiceCollection AddSecondFactor(this IServiceCollection services)
    {
        services.AddOptions<SecondFactorOptions>().BindConfiguration(SecondFactorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SecondFactorPolicy>();
        services.AddScoped<SecondFactorReset>();

        // Our authenticator codes (no replay within the window) instead of Identity's. Passkeys: Data/Configurations/UserPasskeyConfiguration.
        services.AddTransient<AuthenticatorCodes>();
        services.Configure<IdentityOptions>(o =>
        {
            o.Tokens.ProviderMap[AuthenticatorCodes.ProviderName] = new TokenProviderDescriptor(typeof(AuthenticatorCodes));
        });

        // WebAuthn: the relying party is the configured issuer's host (never the request's), and every passkey must
        // verify its user (PIN or biometrics), so that a passkey alone is two factors.
        services.AddOptions<IdentityPasskeyOptions>().Configure<IOptions<HostingOptions>>((o, hosting) =>
        {
            o.ServerDomain = hosting.Value.IssuerUri?.Host;
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "preferred";
        });

        services.AddAuthentication().AddCookie(PendingSecondFactor.Scheme, o =>
        {
            o.Cookie.Name = ".MeineIhk.SecondFactor";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = PendingSecondFactor.Lifetime;
            o.SlidingExpiration = false;
        });
        // Discovery (OIDC Discovery §3): the two acr values and the claims amr and acr.
        services.AddOpenIddict().AddServer(o => o.RegisterClaims(
            OpenIddict.Abstractions.OpenIddictConstants.Claims.AuthenticationMethodReference,
            OpenIddict.Abstractions.OpenIddictConstants.Claims.AuthenticationContextReference));
        services.Configure<OpenIddictServerOptions>(o => o.Handlers.Add(
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
                .UseInlineHandler(context =>
                {
                    context.Metadata["acr_values_supported"] = new OpenIddict.Abstractions.OpenIddictParameter([.. AuthenticationFactors.AcrValuesSupported]);
                    return ValueTask.CompletedTask;
                })
                .SetOrder(int.MaxValue - 99_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build()));
        return services;
    }
}
