using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Protocol.Authorize;

/// <summary>
/// OIDC Core §3.1.2.1 and §5.4: scope values the provider does not know are ignored, so a relying party asking for
/// e.g. <c>address</c> still logs its user in (with the claims we have). Scopes we know but the client may not use are
/// still refused by OpenIddict's permission check.
/// </summary>
public sealed class UnknownScopesIgnored(IOpenIddictScopeManager scopes, ILogger<UnknownScopesIgnored> logger)
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        var requested = context.Request.GetScopes();
        var unknown = requested.Where(s => !context.Options.Scopes.Contains(s)).ToHashSet(StringComparer.Ordinal);
        if (unknown.Count == 0)
        {
            return;
        }

        await foreach (var scope in scopes.FindByNamesAsync([.. unknown], context.CancellationToken))
        {
            unknown.Remove(await scopes.GetNameAsync(scope, context.CancellationToken) ?? string.Empty);
        }

        if (unknown.Count > 0)
        {
            logger.LogInformation("Unknown scope values ignored at authorize: {Scopes}", string.Join(' ', unknown));
            var kept = requested.Where(s => !unknown.Contains(s)).ToList();
            context.Request.Scope = kept.Count > 0 ? string.Join(' ', kept) : null;
        }
    }
}
