using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol.Consent;

public static class ConsentSetup
{
    public static IServiceCollection AddConsent(this IServiceCollection services)
    {
        services.AddScoped<ConsentStep>();

        // prompt=consent is honoured (the page is always shown), so discovery may say so.
        services.PostConfigure<OpenIddictServerOptions>(o => o.PromptValues.Add(PromptValues.Consent));
        return services;
    }
}
