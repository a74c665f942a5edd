using System.Security.Claims;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace MeineIhk.IdentityProvider.Features.Protocol.EndSession;

/// <summary>
/// What OpenIddict leaves to us at the end-session endpoint (RP-Initiated Logout 1.0 §2, §3). OpenIddict validates an
/// id_token_hint (signature by our keys, our issuer; expiry ignored) but treats a bad one as absent; here a bad hint
/// is an error with no redirect, and so is an ID token that names no user (a client_credentials "ID token"). A
/// post_logout_redirect_uri is accepted only for the client the request identifies (client_id or the hint's
/// audience), when that client is approved and enabled and registered exactly this URI.
/// </summary>
public sealed class EndSessionRules(ApplicationDbContext db, ClientRules rules, IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ValidateEndSessionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateEndSessionRequestContext>()
            .UseScopedHandler<EndSessionRules>()
            .SetOrder(Session.ValidateAuthorizedParty.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateEndSessionRequestContext context)
    {
        var request = context.Request;
        var hint = context.IdentityTokenHintPrincipal;
        if (!string.IsNullOrEmpty(request.IdTokenHint) && (hint is null || !await NamesUserAsync(hint, context.CancellationToken)))
        {
            context.Reject(Errors.InvalidRequest, "The id_token_hint is not a valid ID token issued by this provider to a user.");
            return;
        }

        var hintClient = hint is null ? null : ClientOf(hint);
        if (!string.IsNullOrEmpty(request.ClientId) && hintClient is not null && hintClient != request.ClientId)
        {
            context.Reject(Errors.InvalidRequest, "The client_id and the id_token_hint name different clients.");
            return;
        }

        var clientId = string.IsNullOrEmpty(request.ClientId) ? hintClient : request.ClientId;
        if (string.IsNullOrEmpty(request.PostLogoutRedirectUri) || clientId is null)
        {
            return; // nothing to redirect to, or no client to redirect for: the controller stays at the provider
        }

        if (!await rules.IsUsableAsync(clientId, context.CancellationToken))
        {
            context.Reject(Errors.UnauthorizedClient, "The client application is disabled or not yet approved.");
            return;
        }

        var application = await applications.FindByClientIdAsync(clientId, context.CancellationToken);
        if (application is null || !await applications.ValidatePostLogoutRedirectUriAsync(application, request.PostLogoutRedirectUri, context.CancellationToken))
        {
            context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered for this client.");
        }
    }

    /// <summary>The client an ID token was issued to: its authorized party, else its single audience.</summary>
    public static string? ClientOf(ClaimsPrincipal idToken) =>
        idToken.GetPresenters().FirstOrDefault() ?? (idToken.GetAudiences() is [var audience] ? audience : null);

    private async Task<bool> NamesUserAsync(ClaimsPrincipal idToken, CancellationToken cancellationToken) =>
        idToken.GetClaim(Claims.Subject) is { Length: > 0 } subject
        && await db.Users.AsNoTracking().AnyAsync(u => u.Id == subject, cancellationToken);
}
