using MeineIhk.IdentityProvider.Hosting.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;

/// <summary>
/// Every node reads the key ring again each SigningKeys:RefreshInterval: it announces the next key when one is due
/// (the database lets one node win) and picks up keys that other nodes or the operator command created or withdrew.
/// </summary>
internal sealed class SigningKeyRotation(SigningKeyRing ring, NodeCaches caches, IOptions<SigningKeyOptions> options, ILogger<SigningKeyRotation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        caches.Register(NodeCacheTopics.SigningKeys, ring.Invalidate); // a key created or withdrawn on another node, at once
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.RefreshInterval, stoppingToken);
                await ring.RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed read (database away) must not end the loop; the next interval tries again
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Reading the signing key ring failed; the keys loaded before stay in use.");
            }
        }
    }
}

/// <summary>Builds OpenIddict's server options from the key ring, again whenever the ring is invalidated.</summary>
internal sealed class SigningKeyServerOptions(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    public string Name => Options.DefaultName;

    public void Configure(OpenIddictServerOptions options) => ring.Configure(options);

    public IChangeToken GetChangeToken() => ring.ServerOptionsChanged;
}

/// <summary>The local validation copies the server's keys when built: built again after the server's options.</summary>
internal sealed class SigningKeyValidationOptions(SigningKeyRing ring) : IOptionsChangeTokenSource<OpenIddictValidationOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => ring.ValidationOptionsChanged;
}

public static class SigningKeySetup
{
    public static IServiceCollection AddSigningKeys(this IServiceCollection services)
    {
        services.AddOptions<SigningKeyOptions>().BindConfiguration(SigningKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<SigningKeyServerOptions>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(s => s.GetRequiredService<SigningKeyServerOptions>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(s => s.GetRequiredService<SigningKeyServerOptions>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>, SigningKeyValidationOptions>();
        services.AddHostedService<SigningKeyRotation>();
        return services;
    }
}
