using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using AspNetCoreHandlers = OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers;
using DiscoveryHandlers = OpenIddict.Server.OpenIddictServerHandlers.Discovery;

namespace MeineIhk.IdentityProvider.Features.Protocol.Discovery;

/// <summary>
/// OpenIddict builds discovery's endpoint URLs (and the token endpoint an assertion's aud may name) from the request's
/// Host. With a configured issuer every request is seen as addressed to it instead, so a request with
/// <c>Host: evil.example</c> gets the issuer's URLs and nothing in a response follows a header an attacker chooses.
/// Without a configured issuer (development only) OpenIddict's own behaviour stays.
/// </summary>
public sealed class ConfiguredIssuerOnly : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<ConfiguredIssuerOnly>()
            .SetOrder(AspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.Options.Issuer is not { } issuer || context.BaseUri is not { } baseUri || context.RequestUri is not { } requestUri)
        {
            return ValueTask.CompletedTask;
        }

        var root = issuer.AbsoluteUri.EndsWith('/') ? issuer.AbsoluteUri : issuer.AbsoluteUri + "/";
        var relative = requestUri.AbsoluteUri.StartsWith(baseUri.AbsoluteUri, StringComparison.Ordinal)
            ? requestUri.AbsoluteUri[baseUri.AbsoluteUri.Length..].TrimStart('/')
            : requestUri.PathAndQuery.TrimStart('/');
        context.BaseUri = new Uri(root, UriKind.Absolute);
        context.RequestUri = new Uri(root + relative, UriKind.Absolute);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The discovery entries OpenIddict cannot know: which algorithms a client assertion may use (RFC 8414 §2 requires the
/// list wherever private_key_jwt is offered), for each endpoint that accepts one.
/// </summary>
public sealed class TruthfulDiscovery : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<TruthfulDiscovery>()
            .SetOrder(DiscoveryHandlers.AttachAdditionalMetadata.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        var algorithms = new OpenIddict.Abstractions.OpenIddictParameter([.. ClientAssertions.SigningAlgorithms]);
        foreach (var (methods, key) in new[]
        {
            (context.TokenEndpointAuthenticationMethods, "token_endpoint_auth_signing_alg_values_supported"),
            (context.IntrospectionEndpointAuthenticationMethods, "introspection_endpoint_auth_signing_alg_values_supported"),
            (context.RevocationEndpointAuthenticationMethods, "revocation_endpoint_auth_signing_alg_values_supported"),
        })
        {
            if (methods.Contains(OpenIddict.Abstractions.OpenIddictConstants.ClientAuthenticationMethods.PrivateKeyJwt))
            {
                context.Metadata[key] = algorithms;
            }
            else
            {
                context.Metadata.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }
}
