using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.IdentityProvider.Features.Protocol.Performance;

/// <summary>
/// OpenIddict's application manager with the fast hash for server-generated secrets (see <see cref="ClientSecrets"/>);
/// every other secret keeps OpenIddict's PBKDF2, recognised by its stored format.
/// </summary>
public sealed class ClientSecretApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ClientSecrets.IsGenerated(secret) ? new(ClientSecrets.Hash(secret)) : base.ObfuscateClientSecretAsync(secret, cancellationToken);

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        ClientSecrets.IsFastHash(comparand) ? new(ClientSecrets.Verify(secret, comparand)) : base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
}
