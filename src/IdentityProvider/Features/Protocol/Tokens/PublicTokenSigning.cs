using MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using Protection = OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace MeineIhk.IdentityProvider.Features.Protocol.Tokens;

/// <summary>
/// OpenIddict prefers a symmetric signing key for every token it can; access and ID tokens must be validated by
/// others from the JWKS, so they are signed with the public key of the ring that signs now (an announced next key
/// is published but does not sign yet). Codes and refresh tokens keep the symmetric key (see <see cref="SigningKeyRing"/>).
/// </summary>
public sealed class PublicTokenSigning(SigningKeyRing ring, TimeProvider clock) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<PublicTokenSigning>()
            .SetOrder(Protection.AttachSecurityCredentials.Descriptor.Order + 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
        {
            context.SigningCredentials = ring.Signing(context.Options.SigningCredentials, clock.GetUtcNow().UtcDateTime)
                ?? context.Options.SigningCredentials.First(c => c.Key is Microsoft.IdentityModel.Tokens.AsymmetricSecurityKey);
        }

        return ValueTask.CompletedTask;
    }
}
