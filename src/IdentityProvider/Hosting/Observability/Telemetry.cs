using System.Net;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>
/// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, EF Core, Npgsql, the runtime, and meine ihk's own meter),
/// exported by OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a per-signal endpoint) is set, and a
/// Prometheus scrape endpoint <c>/metrics</c> answered only to <see cref="TelemetryOptions.MetricsNetworks"/>.
/// JSON console logs (<c>Logging:Console:FormatterName=json</c>) carry the trace and span ids as scopes.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "meine-ihk";

    private static readonly string[] OtlpEndpointKeys = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxState>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxState>());
        services.AddSingleton<ProviderMetrics>();
        services.AddOpenIddict().AddServer(o => o.AddEventHandler(TokenIssuedHandler.Descriptor));
        // Throttled requests are counted where they are refused (Hosting/Throttling).

        var otlp = OtlpEndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !HealthEndpoints.IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(ProviderMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        // JSON console logs carry the trace and span ids (scopes) unless the operator says otherwise.
        if (configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
        {
            services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }

        return services;
    }

    /// <summary><c>/metrics</c> for the configured networks only (after the forwarded headers: the real client address).</summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        // Read on first use: a wrong range stops the start through the options validation, naming the key.
        var networks = new Lazy<IPNetwork[]>(() => [.. app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.AllowedMetricsNetworks.Select(n => IPNetwork.Parse(n))]);
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(MetricsPath) && !Allowed(context.Connection.RemoteIpAddress, networks.Value),
            branch => branch.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        return app;
    }

    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static bool Allowed(IPAddress? address, IPNetwork[] networks)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(plain));
    }
}
