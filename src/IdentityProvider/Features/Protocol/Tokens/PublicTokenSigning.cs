using MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using Protection = OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace MeineIhk.IdentityProvider.Features.Protocol.Tokens;

/// <summary>
/// OpenIddict prefers a symmetric signing key for every token it can; access and ID tokens must be validated by
/// others from the JWKS, so they are signed with the configured asymmetric key (Tokens:SigningAlgorithm).
/// Codes and refresh tokens keep the symmetric key (see <see cref="ServerKeyStore"/>).
/// </summary>
public sealed class PublicTokenSigning(IOptions<TokenOptions> tokens) : IOpenIddictServerHandler<GenerateTokenContext>
{
    private readonly string _algorithm = tokens.Value.SigningAlgorithm;

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
            context.SigningCredentials = context.Options.SigningCredentials.First(c =>
                c.Key is Microsoft.IdentityModel.Tokens.AsymmetricSecurityKey && c.Algorithm == _algorithm);
        }

        return ValueTask.CompletedTask;
    }
}
