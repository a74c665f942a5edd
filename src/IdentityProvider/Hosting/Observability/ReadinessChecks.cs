using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>The database answers and has every migration of this build applied.</summary>
internal sealed class DatabaseReadiness(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Reachable, every migration applied.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied; run `migrate`.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception's type tells operators enough; its message may carry a connection string's parts.
            return HealthCheckResult.Unhealthy($"The database cannot be read ({exception.GetType().Name}).");
        }
    }
}

/// <summary>The signing keys are loaded (OpenIddict signs with the first asymmetric one).</summary>
internal sealed class SigningKeyReadiness(IOptionsMonitor<OpenIddictServerOptions> server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var keys = server.CurrentValue.SigningCredentials.Count(c => c.Key is Microsoft.IdentityModel.Tokens.AsymmetricSecurityKey);
            return Task.FromResult(keys > 0
                ? HealthCheckResult.Healthy($"{keys} signing key(s) loaded.")
                : HealthCheckResult.Unhealthy("No signing key is loaded."));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The signing keys cannot be loaded ({exception.GetType().Name})."));
        }
    }
}

/// <summary>No mail and no back-channel notice has waited longer than <see cref="HealthOptions.OutboxStuckAfter"/>.</summary>
internal sealed class OutboxReadiness(IServiceScopeFactory scopes, OutboxState state, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var levels = await state.ReadAsync(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), cancellationToken);
            var data = levels.ToDictionary(l => l.Outbox.ToString(), l => (object)new { pending = l.Pending, oldestAgeSeconds = (long)l.OldestAge.TotalSeconds });
            var stuck = levels.Where(l => l.OldestAge > options.Value.OutboxStuckAfter).Select(l => l.Outbox.ToString()).ToList();
            return stuck.Count == 0
                ? HealthCheckResult.Healthy("No outbox is stuck.", data)
                : HealthCheckResult.Unhealthy($"Stuck for longer than {options.Value.OutboxStuckAfter}: {string.Join(", ", stuck)}.", data: data);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The outboxes cannot be read ({exception.GetType().Name}).");
        }
    }
}
