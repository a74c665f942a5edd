using Microsoft.Extensions.Options;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using OpenIddict.Abstractions;

namespace MeineIhk.IdentityProvider.Features.Protocol.Tokens;

/// <summary>Removes expired and redeemed token and authorization rows, which otherwise grow with every login.</summary>
internal sealed class TokenPruning(IServiceScopeFactory scopes, ILogger<TokenPruning> logger, IOptions<TokenOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var threshold = clock.GetUtcNow().AddDays(-1);
                var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, stoppingToken);
                var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, stoppingToken);
                await scope.ServiceProvider.GetRequiredService<Data.ApplicationDbContext>().PruneUsedAssertionsAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                logger.LogInformation("Pruned {Tokens} tokens and {Authorizations} authorizations", tokens, authorizations);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Token pruning failed; it runs again at the next interval");
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
