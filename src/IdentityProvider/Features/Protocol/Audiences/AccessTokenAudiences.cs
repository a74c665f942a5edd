using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.ManagementApi;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace MeineIhk.IdentityProvider.Features.Protocol.Audiences;

/// <summary>
/// Every access token names its audience (RFC 9068 §3, RFC 9700 §2.3): the resources the client asked for with the
/// resource parameter (RFC 8707), else the client's own client_id; a client's own management token (scope ihk.manage,
/// no resource) is addressed to the management API. A resource is accepted only when the client registered it
/// (OpenIddict's resource permissions, "rsrc:" on the cached client; otherwise invalid_target), and at the token
/// endpoint a code or refresh token can only be narrowed to resources it was granted for (RFC 8707 §2.2).
/// </summary>
public static class AccessTokenAudiences
{
    public static OpenIddictServerBuilder AddAccessTokenAudiences(this OpenIddictServerBuilder server) => server
        // Resources are registered per client (permissions), not as one global list.
        .DisableResourceValidation()
        .AddResourceIndicatorErrors()
        .AddEventHandler(RecordGrantedResources.Descriptor)
        .AddEventHandler(AddressAccessToken.Descriptor)
        .AddEventHandler(IntrospectionByAudienceOnly.Descriptor);

    /// <summary>The authorization code (and the refresh tokens after it) remember the resources asked for at authorize.</summary>
    public sealed class RecordGrantedResources : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<RecordGrantedResources>()
                .SetOrder(PrepareAccessTokenPrincipal.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.EndpointType == OpenIddictServerEndpointType.Authorization && context.Principal is { } principal)
            {
                principal.SetResources(context.Request.GetResources());
            }

            return ValueTask.CompletedTask;
        }
    }

    public sealed class AddressAccessToken : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<AddressAccessToken>()
                .SetOrder(PrepareAccessTokenPrincipal.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.AccessTokenPrincipal is not { } token || context.Principal is not { } principal)
            {
                return ValueTask.CompletedTask;
            }

            var requested = context.EndpointType == OpenIddictServerEndpointType.Token ? context.Request.GetResources() : [];
            var granted = principal.GetResources();
            var byGrant = context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType();
            if (byGrant && requested.Any(r => !granted.Contains(r, StringComparer.Ordinal)))
            {
                context.Reject(
                    error: Errors.InvalidTarget,
                    description: "The resource was not granted with this code or refresh token (RFC 8707 section 2.2).");
                return ValueTask.CompletedTask;
            }

            string[] audiences = requested.Length > 0 ? [.. requested] : [.. granted];
            if (audiences.Length == 0 && token.HasScope(ApplicationRules.ManagementScope))
            {
                audiences = [ManagementAccess.Audience];
            }

            if (audiences.Length == 0 && (context.Request.ClientId ?? token.GetPresenters().FirstOrDefault()) is { Length: > 0 } clientId)
            {
                audiences = [clientId];
            }

            token.SetAudiences(audiences);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Introspection tells about an access token only its own client (the presenter) and the resource servers of its
    /// audience: a client named in aud, or the client that registered a resource in aud. Anyone else learns
    /// active: false, which RFC 7662 §2.2 allows ("the authorization server MAY respond … as inactive") and which
    /// reveals nothing. OpenIddict's own check lets a caller through when a token lacks presenters; this one does not.
    /// </summary>
    public sealed class IntrospectionByAudienceOnly(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
                .UseScopedHandler<IntrospectionByAudienceOnly>()
                .SetOrder(Introspection.ValidateAuthorizedParty.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            if (context.GenericTokenPrincipal is not { } token || !token.HasTokenType(TokenTypeIdentifiers.AccessToken))
            {
                return;
            }

            var caller = context.ClientId;
            if (caller is { Length: > 0 } && (token.HasPresenter(caller) || token.HasAudience(caller) || await OwnsAnAudienceAsync(caller, token, context.CancellationToken)))
            {
                return;
            }

            context.Reject(
                error: Errors.InvalidToken,
                description: "The token was issued to another client and not for a resource of the caller.");
        }

        private async ValueTask<bool> OwnsAnAudienceAsync(string caller, System.Security.Claims.ClaimsPrincipal token, CancellationToken cancellationToken)
        {
            // The cached client: no database read on a warm node.
            if (await applications.FindByClientIdAsync(caller, cancellationToken) is not { } application)
            {
                return false;
            }

            var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
            return ResourcesKeysOrigins.ResourcesOf(permissions).Any(token.HasAudience);
        }
    }
}
