using MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Features.Protocol.Authorize;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.EndSession;
using MeineIhk.IdentityProvider.Features.Protocol.FormPost;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Consent;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using MeineIhk.IdentityProvider.Features.Protocol.Audiences;
using MeineIhk.IdentityProvider.Features.Protocol.Discovery;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol;

public static class ProtocolSetup
{
    public static IServiceCollection AddProtocol(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<ApplicationDbContext>();
                o.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, ClientSecretApplicationManager>();
            })
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetRevocationEndpointUris("connect/revoke");

                o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                // PKCE is required per client (the application's requirement), so a platform administrator can relax it
                // for a confidential one; public clients always keep it (ApplicationRules).
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, IhkClaims.OrganisationScope, ApplicationRules.ManagementScope);
                o.RegisterClaims(
                    Claims.Subject, Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.PreferredUsername,
                    Claims.Email, Claims.EmailVerified, IhkClaims.OrganisationId, IhkClaims.OrganisationName,
                    IhkClaims.Identnummer, IhkClaims.Chamber, IhkClaims.Role, IhkClaims.SessionId);

                // Lifetimes and the issuer come from the validated options (below, where the options are built).

                // A refresh token never outlives the login it came from: rotation keeps the first expiry.
                o.DisableSlidingRefreshTokenExpiration();

                // A redeemed refresh token is dead at once; presenting it again revokes the whole chain.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                // Resource servers validate plain signed JWTs from the JWKS alone.
                o.DisableAccessTokenEncryption();
                o.AddAccessTokensWithoutRows();
                o.AddEventHandler(PublicTokenSigning.Descriptor);
                o.RefuseUnusableClients();
                o.AddAuthorizationEndpointRules();
                o.AddEventHandler(EndSessionRules.Descriptor);
                o.AddEventHandler(FormPostResponse.Descriptor);

                // Audiences, client assertions and discovery (issue 14): RFC 8707/9068, RFC 7523, the configured issuer.
                o.AddAccessTokenAudiences();
                o.AddClientAssertionRules();
                o.AddEventHandler(ConfiguredIssuerOnly.Descriptor);
                o.AddEventHandler(TruthfulDiscovery.Descriptor);

                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });

        // Clients are read once per node and cache lifetime, not once per token request (see docs/performance.md).
        services.AddSingleton<ApplicationSnapshots>();
        services.AddScoped<IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>, SharedApplicationCache>();
        services.AddSingleton<ClientRules>();
        services.AddConsent();

        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<TokenOptions>, IOptions<HostingOptions>>((o, tokens, hosting) =>
        {
            o.AccessTokenLifetime = tokens.Value.AccessTokenLifetime;
            o.IdentityTokenLifetime = tokens.Value.IdentityTokenLifetime;
            o.AuthorizationCodeLifetime = tokens.Value.AuthorizationCodeLifetime;
            o.RefreshTokenLifetime = tokens.Value.RefreshTokenLifetime;
            o.Issuer = hosting.Value.IssuerUri ?? o.Issuer;
        });
        services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<HostingOptions>>((o, hosting) =>
            o.DisableTransportSecurityRequirement |= hosting.Value.AllowHttp);
        services.AddSigningKeys();
        services.PostConfigure<OpenIddictServerOptions>(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
        services.AddHostedService<TokenPruning>();
        services.AddSingleton<ClientKeySets>();
        services.AddHttpClient(ClientKeySets.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        return services;
    }
}
