using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using Protection = OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace MeineIhk.IdentityProvider.Features.Protocol.Tokens;

/// <summary>
/// Access tokens are self-contained JWTs of a few minutes; writing a row for each one costs an insert per
/// token request and is read by nothing that a resource server does. Codes and refresh tokens keep their rows
/// (single use, rotation, reuse detection). ID tokens get no row either: nothing revokes or looks them up (an
/// id_token_hint at logout is checked by its signature). What a row per access token would have revoked is revoked through
/// the authorization instead: an access token of a user names its authorization, introspection and userinfo
/// check it, and reuse of a code or refresh token revokes that authorization.
/// </summary>
public static class AccessTokensWithoutRows
{
    public static OpenIddictServerBuilder AddAccessTokensWithoutRows(this OpenIddictServerBuilder server) => server
        .AddEventHandler(SkipSelfContainedTokenEntries.Descriptor)
        .AddEventHandler(CheckAuthorizationOfAccessToken.Descriptor)
        .AddEventHandler(RevokeAuthorizationOnReuse.Descriptor);

    public sealed class SkipSelfContainedTokenEntries : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
                .UseSingletonHandler<SkipSelfContainedTokenEntries>()
                .SetOrder(Protection.CreateTokenEntry.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            if (context.TokenType is TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken && !context.IsReferenceToken)
            {
                context.CreateTokenEntry = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A row-less access token still dies with its authorization (logout everywhere, password change, reuse).</summary>
    public sealed class CheckAuthorizationOfAccessToken : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<CheckAuthorizationOfAccessToken>()
                .SetOrder(Protection.RestoreTokenEntryProperties.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Principal is { } principal && string.IsNullOrEmpty(context.TokenId) && string.IsNullOrEmpty(context.AuthorizationId)
                && principal.HasTokenType(TokenTypeIdentifiers.AccessToken) && principal.GetAuthorizationId() is { Length: > 0 } authorizationId)
            {
                context.AuthorizationId = authorizationId;
            }

            return ValueTask.CompletedTask;
        }
    }

    public sealed class RevokeAuthorizationOnReuse(
        IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, Security.ISecurityEventTrail trail)
        : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseScopedHandler<RevokeAuthorizationOnReuse>()
                .SetOrder(Protection.ValidateTokenEntry.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Principal is not { } principal || string.IsNullOrEmpty(context.TokenId) || string.IsNullOrEmpty(context.AuthorizationId)
                || !(principal.HasTokenType(TokenTypeIdentifiers.Private.AuthorizationCode) || principal.HasTokenType(TokenTypeIdentifiers.RefreshToken)))
            {
                return;
            }

            // The refresh token reuse leeway is zero, so a redeemed code or refresh token presented again is a replay.
            if (await tokens.FindByIdAsync(context.TokenId) is { } token && await tokens.HasStatusAsync(token, Statuses.Redeemed))
            {
                // RFC 9700 §2.2.2, §4.14.2: a replay is a security event whether or not the authorization still exists.
                trail.Record(new(Security.SecurityEventKind.TokenReplayed,
                    UserId: principal.GetClaim(Claims.Subject),
                    ClientId: principal.GetPresenters().FirstOrDefault(),
                    Detail: principal.HasTokenType(TokenTypeIdentifiers.RefreshToken) ? "refresh_token" : "authorization_code",
                    RemoteAddress: Security.ClientAddress.Of(context.Transaction.GetHttpRequest()?.HttpContext)));
                if (await authorizations.FindByIdAsync(context.AuthorizationId) is { } authorization)
                {
                    await authorizations.TryRevokeAsync(authorization);
                }
            }
        }
    }
}
