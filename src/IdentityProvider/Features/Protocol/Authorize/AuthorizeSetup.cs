using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace MeineIhk.IdentityProvider.Features.Protocol.Authorize;

/// <summary>Where the provider departs from OpenIddict's defaults to follow the specifications (see docs/relying-parties.md).</summary>
public static class AuthorizeSetup
{
    public static OpenIddictServerBuilder AddAuthorizationEndpointRules(this OpenIddictServerBuilder server)
    {
        server.Services.AddSingleton<LoginDemand>();
        return server
            .AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseScopedHandler<UnknownScopesIgnored>()
                .SetOrder(Authentication.ValidateScopes.Descriptor.Order - 1).SetType(OpenIddictServerHandlerType.Custom))
            .AddEventHandler<ApplyAuthorizationResponseContext>(b => b.UseScopedHandler<ErrorsReturnToClient>()
                .SetOrder(Authentication.AttachRedirectUri.Descriptor.Order + 1).SetType(OpenIddictServerHandlerType.Custom))
            .AddEventHandler<ValidateTokenRequestContext>(b => b.UseSingletonHandler<BroaderRefreshScopeRefused>()
                .SetOrder(Exchange.ValidateGrantedScopes.Descriptor.Order - 1).SetType(OpenIddictServerHandlerType.Custom))
            .AddEventHandler<ApplyUserInfoResponseContext>(b => b.UseSingletonHandler<UserInfoErrorsWithoutPage>()
                .SetOrder(int.MinValue + 50_000).SetType(OpenIddictServerHandlerType.Custom));
    }
}
