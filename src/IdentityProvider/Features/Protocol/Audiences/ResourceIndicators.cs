using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace MeineIhk.IdentityProvider.Features.Protocol.Audiences;

/// <summary>
/// RFC 8707 §2 answers every unusable resource with invalid_target: a malformed one (not absolute, or with a fragment),
/// and one the client did not register. OpenIddict would say invalid_request; these run just before its own checks.
/// </summary>
public static class ResourceIndicators
{
    public static OpenIddictServerBuilder AddResourceIndicatorErrors(this OpenIddictServerBuilder server) => server
        .AddEventHandler(WellFormed<ValidateAuthorizationRequestContext>.Before(Authentication.ValidateResourceParameter.Descriptor.Order))
        .AddEventHandler(WellFormed<ValidateTokenRequestContext>.Before(Exchange.ValidateResourceParameter.Descriptor.Order))
        .AddEventHandler(Registered<ValidateAuthorizationRequestContext>.Before(Authentication.ValidateResourcePermissions.Descriptor.Order))
        .AddEventHandler(Registered<ValidateTokenRequestContext>.Before(Exchange.ValidateResourcePermissions.Descriptor.Order));

    public sealed class WellFormed<TContext> : IOpenIddictServerHandler<TContext>
        where TContext : BaseValidatingContext
    {
        public ValueTask HandleAsync(TContext context)
        {
            foreach (var resource in context.Transaction.Request?.GetResources() ?? [])
            {
                if (!Uri.TryCreate(resource, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment))
                {
                    context.Reject(error: Errors.InvalidTarget, description: "A resource must be an absolute URI without a fragment (RFC 8707 section 2).");
                    break;
                }
            }

            return ValueTask.CompletedTask;
        }

#pragma warning disable CA1000 // The descriptor belongs to the handler it describes, as OpenIddict's own handlers do.
        public static OpenIddictServerHandlerDescriptor Before(int order) =>
            OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
                .UseSingletonHandler<WellFormed<TContext>>()
                .SetOrder(order - 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();
#pragma warning restore CA1000
    }

    /// <summary>Only the resources the client registered itself (its "rsrc:" permissions, read from the cached client).</summary>
    public sealed class Registered<TContext>(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<TContext>
        where TContext : BaseValidatingContext
    {
        public async ValueTask HandleAsync(TContext context)
        {
            var request = context.Transaction.Request;
            var resources = request?.GetResources() ?? [];
            if (resources.Length == 0 || request?.ClientId is not { Length: > 0 } clientId
                || await applications.FindByClientIdAsync(clientId, context.CancellationToken) is not { } application)
            {
                return;
            }

            foreach (var resource in resources)
            {
                if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Resource + resource, context.CancellationToken))
                {
                    // The redirect URI is verified by now: the error goes back to the client (RFC 6749 §4.1.2.1).
                    if (context is ValidateAuthorizationRequestContext authorization && request.RedirectUri is { Length: > 0 } redirectUri)
                    {
                        authorization.SetRedirectUri(redirectUri);
                    }

                    context.Reject(error: Errors.InvalidTarget, description: "The client has not registered this resource (RFC 8707 section 2).");
                    return;
                }
            }
        }

#pragma warning disable CA1000
        public static OpenIddictServerHandlerDescriptor Before(int order) =>
            OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
                .UseScopedHandler<Registered<TContext>>()
                .SetOrder(order - 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();
#pragma warning restore CA1000
    }
}
