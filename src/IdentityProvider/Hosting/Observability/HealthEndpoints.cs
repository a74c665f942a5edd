using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>
/// <c>/health/live</c>: the process answers (no check). <c>/health/ready</c> (and its old name <c>/healthz</c>): the
/// database answers with every migration applied, the signing keys are loaded, no outbox is stuck; 200 or 503, with
/// a JSON body naming each check. Neither is rate-limited, host-filtered or traced; they log below Information.
/// </summary>
public static class HealthEndpoints
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";
    public const string LegacyReady = "/healthz";
    private const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Health and metrics: answered whatever the Host header, never traced.</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.Equals(LegacyReady) || path.StartsWithSegments(Telemetry.MetricsPath);

    public static IServiceCollection AddHealthEndpoints(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>("database", tags: [ReadyTag])
            .AddCheck<SigningKeyReadiness>("signing-keys", tags: [ReadyTag])
            .AddCheck<OutboxReadiness>("outbox", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync };
        app.MapHealthChecks(Ready, ready).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(LegacyReady, ready).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
