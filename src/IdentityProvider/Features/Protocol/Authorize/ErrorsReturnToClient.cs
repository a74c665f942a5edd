using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Protocol.Authorize;

/// <summary>
/// RFC 6749 §4.1.2.1: once the client and its redirect URI are known to be registered, an error goes back to the
/// client (invalid_scope, unsupported_response_type, a missing PKCE challenge, a bad id_token_hint …), not onto the
/// provider's own page. OpenIddict sends errors found during validation to its page; this handler checks the
/// redirect URI itself and, where it is registered for a usable client, hands the error to the redirect. Without a
/// redirect_uri parameter, for an unregistered one, an unknown, disabled or unapproved client, or a response mode
/// we do not offer, the page stays (no open redirector).
/// </summary>
public sealed class ErrorsReturnToClient(IOpenIddictApplicationManager applications, ClientRules rules)
    : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error)
            || context.Request is not { ClientId.Length: > 0, RedirectUri.Length: > 0 } request
            || request.ResponseMode is { Length: > 0 } and not (ResponseModes.Query or ResponseModes.FormPost))
        {
            return;
        }

        if (!await rules.IsUsableAsync(request.ClientId, context.CancellationToken))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(request.ClientId, context.CancellationToken);
        if (application is not null && await applications.ValidateRedirectUriAsync(application, request.RedirectUri, context.CancellationToken))
        {
            context.RedirectUri = request.RedirectUri;
        }
    }
}
