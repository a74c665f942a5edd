using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// Refuses a Fachanwendung that a platform administrator disabled or has not approved yet, at every endpoint a
/// client calls in its own name. The refusal comes from the provider (not as a redirect to the application), right
/// after the client id is read; <see cref="ClientRules.Forget"/> makes a change count on this node at once.
/// </summary>
public sealed class UsableClientsOnly<TContext>(ClientRules rules) : IOpenIddictServerHandler<TContext>
    where TContext : BaseValidatingContext
{
    public async ValueTask HandleAsync(TContext context)
    {
        var clientId = context is BaseValidatingClientContext client ? client.ClientId : context.Transaction.Request?.ClientId;
        if (clientId is { Length: > 0 } && !await rules.IsUsableAsync(clientId, context.CancellationToken))
        {
            context.Reject(
                error: context is ValidateAuthorizationRequestContext ? Errors.UnauthorizedClient : Errors.InvalidClient,
                description: "The client application is disabled or not yet approved.");
        }
    }

#pragma warning disable CA1000 // The descriptor belongs to the handler it describes, as OpenIddict's own handlers do.
    public static OpenIddictServerHandlerDescriptor After(int order) =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseScopedHandler<UsableClientsOnly<TContext>>()
            .SetOrder(order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();
#pragma warning restore CA1000
}

public static class UsableClientsOnly
{
    public static OpenIddictServerBuilder RefuseUnusableClients(this OpenIddictServerBuilder server) => server
        .AddEventHandler(UsableClientsOnly<ValidateAuthorizationRequestContext>.After(Authentication.ValidateClientIdParameter.Descriptor.Order))
        .AddEventHandler(UsableClientsOnly<ValidateTokenRequestContext>.After(Exchange.ValidateClientIdParameter.Descriptor.Order))
        .AddEventHandler(UsableClientsOnly<ValidateIntrospectionRequestContext>.After(Introspection.ValidateClientCredentialsParameters.Descriptor.Order))
        .AddEventHandler(UsableClientsOnly<ValidateRevocationRequestContext>.After(Revocation.ValidateClientCredentialsParameters.Descriptor.Order));
}
