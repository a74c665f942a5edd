using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>
/// Records every <c>invalid_client</c> answer of the token, introspection and revocation endpoints (RFC 6749 §5.2):
/// a failed client authentication is a security event (ASVS 5.0 16.3.1). The client id is the one the request named;
/// nothing the client sent as a secret is recorded.
/// </summary>
public sealed class ClientAuthenticationFailures<TContext>(ISecurityEventTrail trail) : IOpenIddictServerHandler<TContext>
    where TContext : BaseRequestContext
{
#pragma warning disable CA1000 // The descriptor belongs to the handler it describes, as OpenIddict's own handlers do.
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<ClientAuthenticationFailures<TContext>>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static void AddTo(OpenIddictServerBuilder server) => server.AddEventHandler(Descriptor);
#pragma warning restore CA1000

    public ValueTask HandleAsync(TContext context)
    {
        if (context.Transaction.Response?.Error == Errors.InvalidClient)
        {
            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            trail.Record(new SecurityEvent(SecurityEventKind.ClientAuthenticationFailed,
                ClientId: context.Transaction.Request?.ClientId,
                Detail: http?.Request.Path.Value,
                RemoteAddress: ClientAddress.Of(http)));
        }

        return ValueTask.CompletedTask;
    }
}
