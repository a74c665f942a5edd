using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;
using Protection = OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;

/// <summary>
/// private_key_jwt (RFC 7523 §3, OIDC Core §9). OpenIddict validates the assertion natively: the signature with a key
/// of the client's JSON Web Key Set (registered, or read from its jwks_uri by <see cref="ClientKeySets"/>), iss = sub =
/// client_id, aud = our issuer or token endpoint, exp. Added here: only asymmetric algorithms are accepted (the ones
/// discovery names), the assertion must carry a jti and expire within an hour, and each jti counts once — recorded in
/// the shared database until it expires, so a replay is refused on every node.
/// </summary>
public static class ClientAssertions
{
    /// <summary>What discovery advertises as token_endpoint_auth_signing_alg_values_supported, and all that is accepted.</summary>
    public static readonly IReadOnlyList<string> SigningAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    public static OpenIddictServerBuilder AddClientAssertionRules(this OpenIddictServerBuilder server) => server
        .AddEventHandler(AsymmetricAlgorithmsOnly.Descriptor)
        .AddEventHandler(RefusedAssertionIsInvalidClient.Descriptor)
        .AddEventHandler(SingleUse<ValidateTokenRequestContext>.After(Exchange.ValidateAuthentication.Descriptor.Order))
        .AddEventHandler(SingleUse<ValidateIntrospectionRequestContext>.After(Introspection.ValidateAuthentication.Descriptor.Order))
        .AddEventHandler(SingleUse<ValidateRevocationRequestContext>.After(Revocation.ValidateAuthentication.Descriptor.Order));

    /// <summary>A refused assertion is a failed client authentication: invalid_client (RFC 6749 §5.2), not invalid_token.</summary>
    public sealed class RefusedAssertionIsInvalidClient : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
                .UseSingletonHandler<RefusedAssertionIsInvalidClient>()
                .SetOrder(int.MinValue + 10_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Response.Error == Errors.InvalidToken && !string.IsNullOrEmpty(context.Request?.ClientAssertion))
            {
                context.Response.Error = Errors.InvalidClient;
            }

            return ValueTask.CompletedTask;
        }
    }

    public sealed class AsymmetricAlgorithmsOnly : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<AsymmetricAlgorithmsOnly>()
                .SetOrder(Protection.ResolveTokenValidationParameters.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.ValidTokenTypes.Count == 1 && context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
            {
                context.TokenValidationParameters.ValidAlgorithms = SigningAlgorithms;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Runs once the endpoint has authenticated the client, so the assertion read here has passed every check: a
    /// rejection at this stage is answered as the endpoint's own error (JSON, invalid_client).
    /// </summary>
    public sealed class SingleUse<TContext>(IServiceScopeFactory scopes, TimeProvider clock) : IOpenIddictServerHandler<TContext>
        where TContext : BaseValidatingContext
    {
        public async ValueTask HandleAsync(TContext context)
        {
            if (context.Transaction.Request?.ClientAssertion is not { Length: > 0 } text)
            {
                return;
            }

            var assertion = new JsonWebToken(text);
            var clientId = assertion.Issuer;
            var jwtId = assertion.Id;
            if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(jwtId) || jwtId.Length > 200 || !assertion.TryGetPayloadValue<long>(Claims.ExpiresAt, out _))
            {
                context.Reject(error: Errors.InvalidClient, description: "The client assertion must carry jti and exp (OIDC Core section 9).");
                return;
            }

            var expires = new DateTimeOffset(assertion.ValidTo, TimeSpan.Zero);
            if (expires - clock.GetUtcNow() > MaxLifetime)
            {
                context.Reject(error: Errors.InvalidClient, description: "The client assertion must expire within an hour.");
                return;
            }

            // A fresh context: a refused insert must not linger in the request's own unit of work.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.UsedClientAssertions.Add(new UsedClientAssertion { ClientId = clientId, JwtId = jwtId, ExpiresAt = expires.UtcDateTime });
            try
            {
                await db.SaveChangesAsync(context.CancellationToken);
            }
            catch (DbUpdateException)
            {
                context.Reject(error: Errors.InvalidClient, description: "The client assertion has already been used (RFC 7523 section 3, jti).");
            }
        }

#pragma warning disable CA1000 // The descriptor belongs to the handler it describes, as OpenIddict's own handlers do.
        public static OpenIddictServerHandlerDescriptor After(int order) =>
            OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
                .UseSingletonHandler<SingleUse<TContext>>()
                .SetOrder(order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();
#pragma warning restore CA1000
    }

    /// <summary>Used assertions are kept until they expire; after that exp alone refuses them.</summary>
    public static Task<int> PruneUsedAssertionsAsync(this ApplicationDbContext db, DateTime now, CancellationToken cancellationToken) =>
        db.UsedClientAssertions.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
}
