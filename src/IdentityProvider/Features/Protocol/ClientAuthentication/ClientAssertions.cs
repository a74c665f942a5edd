using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
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
        .AddEventHandler(SingleUse.Descriptor);

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

    public sealed class SingleUse(IServiceScopeFactory scopes, TimeProvider clock) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
                .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
                .UseSingletonHandler<SingleUse>()
                .SetOrder(ValidateAccessToken.Descriptor.Order - 500) // after every check of the assertion itself
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            var assertion = context.ClientAssertionPrincipal!;
            var clientId = assertion.GetClaim(Claims.Issuer);
            var jwtId = assertion.GetClaim(Claims.JwtId);
            var expires = assertion.GetExpirationDate();
            if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(jwtId) || jwtId.Length > 200 || expires is null)
            {
                context.Reject(error: Errors.InvalidClient, description: "The client assertion must carry jti and exp (OIDC Core §9).");
                return;
            }

            if (expires.Value - clock.GetUtcNow() > MaxLifetime)
            {
                context.Reject(error: Errors.InvalidClient, description: "The client assertion must expire within an hour.");
                return;
            }

            // A fresh context: a refused insert must not linger in the request's own unit of work.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.UsedClientAssertions.Add(new UsedClientAssertion { ClientId = clientId, JwtId = jwtId, ExpiresAt = expires.Value.UtcDateTime });
            try
            {
                await db.SaveChangesAsync(context.CancellationToken);
            }
            catch (DbUpdateException)
            {
                context.Reject(error: Errors.InvalidClient, description: "The client assertion has already been used (RFC 7523 §3, jti).");
            }
        }
    }

    /// <summary>Used assertions are kept until they expire; after that exp alone refuses them.</summary>
    public static Task<int> PruneUsedAssertionsAsync(this ApplicationDbContext db, DateTime now, CancellationToken cancellationToken) =>
        db.UsedClientAssertions.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
}
