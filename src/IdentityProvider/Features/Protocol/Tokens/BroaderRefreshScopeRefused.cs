using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Protocol.Tokens;

/// <summary>
/// RFC 6749 §6: a refresh may narrow the scope, never widen it; asking for more is <c>invalid_scope</c> (OpenIddict
/// answers invalid_grant, which tells the client its token is dead when it is not).
/// </summary>
public sealed class BroaderRefreshScopeRefused : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (context.Request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(context.Request.Scope) && context.RefreshTokenPrincipal is { } principal)
        {
            var granted = principal.GetScopes();
            if (!context.Request.GetScopes().All(granted.Contains))
            {
                context.Reject(Errors.InvalidScope, "The refresh token was not granted every requested scope.");
            }
        }

        return ValueTask.CompletedTask;
    }
}
