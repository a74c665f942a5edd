using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;

/// <summary>
/// OpenIddict's application manager with the fast hash for server-generated secrets (see <see cref="ClientSecrets"/>);
/// every other secret keeps OpenIddict's PBKDF2, recognised by its stored format. A client whose Fachanwendung has
/// registered secrets is checked against all of them that are still valid, so that after a rotation the old and the
/// new secret both work until the overlap ends.
/// </summary>
public sealed class ClientSecretApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ClientRules rules,
    ClientKeySets keySets,
    TimeProvider clock)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<bool> ValidateClientSecretAsync(
        OpenIddictEntityFrameworkCoreApplication application, string secret, CancellationToken cancellationToken = default)
    {
        var registered = application.ClientId is { } clientId ? await rules.SecretsAsync(clientId, cancellationToken) : [];
        if (registered.Length == 0)
        {
            return await base.ValidateClientSecretAsync(application, secret, cancellationToken);
        }

        if (await HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Public, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var valid = false;
        foreach (var stored in registered.Where(s => ClientSecrets.IsFastHash(s.Hash)))
        {
            // Every candidate is compared (in constant time each), so the answer's timing does not tell which matched.
            valid |= stored.IsValidAt(now) & ClientSecrets.Verify(secret, stored.Hash);
        }

        // A configured secret taken in by a rotation keeps OpenIddict's PBKDF2 hash. A secret of the generated form is
        // always stored with the fast hash, so only other secrets pay for the key derivation.
        if (!valid && !ClientSecrets.IsGenerated(secret))
        {
            foreach (var stored in registered.Where(s => !ClientSecrets.IsFastHash(s.Hash) && s.IsValidAt(now)))
            {
                valid |= await base.ValidateClientSecretAsync(secret, stored.Hash, cancellationToken);
            }
        }

        return valid;
    }

    /// <summary>The registered JWKS, or the keys behind the client's jwks_uri (private_key_jwt).</summary>
    public override async ValueTask<Microsoft.IdentityModel.Tokens.JsonWebKeySet?> GetJsonWebKeySetAsync(
        OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
    {
        if (await base.GetJsonWebKeySetAsync(application, cancellationToken) is { } registered)
        {
            return registered;
        }

        var properties = await GetPropertiesAsync(application, cancellationToken);
        return properties.TryGetValue(Applications.ResourcesKeysOrigins.JwksUriProperty, out var uri) && uri.GetString() is { Length: > 0 } address
            ? await keySets.FromUriAsync(address, cancellationToken)
            : null;
    }

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ClientSecrets.IsGenerated(secret) ? new(ClientSecrets.Hash(secret)) : base.ObfuscateClientSecretAsync(secret, cancellationToken);

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        ClientSecrets.IsFastHash(comparand) ? new(ClientSecrets.Verify(secret, comparand)) : base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
}
