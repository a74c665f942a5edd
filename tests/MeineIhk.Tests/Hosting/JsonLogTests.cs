using System.Net;
using System.Text.Json;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// The built provider as a process with JSON console logs (Logging:Console:FormatterName=json): every line is JSON,
/// requests carry trace ids, and a login, a code exchange and a client_credentials token leave no password, secret
/// or code in the log (ASVS 5.0 16.2.5). With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics go out by OTLP/HTTP.
/// </summary>
public sealed class JsonLogTests : IAsyncLifetime
{
    private const string DemoPassword = "Json-Log-Passwort-2026!";
    private const string SampleSecret = "json-log-sample-secret";

    private TestDatabase _database = null!;
    private WebApplication _collector = null!;
    private readonly List<string> _otlpPaths = [];
    private readonly string _collectorUrl = $"http://127.0.0.1:{FreePort.Get()}";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, "jsonlog");

        // A tiny OTLP/HTTP receiver: it records which signal was posted (protobuf bodies are not decoded).
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", (HttpContext context, string signal) =>
        {
            lock (_otlpPaths)
            {
                _otlpPaths.Add(signal + " " + context.Request.ContentType);
            }

            return Results.Ok();
        });
        _collector.Urls.Add(_collectorUrl);
        await _collector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _collector.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Json_logs_carry_trace_ids_and_no_secret_and_OTLP_receives_traces_and_metrics()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var redirect = new Uri("http://127.0.0.1:9/signin-oidc");
        var mail = Directory.CreateTempSubdirectory("meine-ihk-jsonlog-mail-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority),
            ["Database:Provider"] = _database.Provider,
            ["ConnectionStrings:Default"] = _database.ConnectionString,
            ["Issuer"] = url.ToString(),
            ["Mail:Transport"] = "Folder",
            ["Mail:Folder"] = mail,
            ["Letters:DevelopmentFolder"] = mail,
            ["Demo:Seed"] = "true",
            ["Demo:PrintLogins"] = "false",
            ["Demo:Password"] = DemoPassword,
            ["Demo:SampleAppUrl"] = "http://127.0.0.1:9/",
            ["Demo:SampleAppSecret"] = SampleSecret,
            ["Demo:ManagementClientSecret"] = "",
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:OpenIddict"] = "Information",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collectorUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };

        await using var provider = ProviderProcess.Start(settings);
        await provider.WaitUntilReadyAsync(url);
        using var client = new OidcTestClient(url, redirect, "berichtsheft", SampleSecret);
        var hop = await client.AuthorizeAsync("azubi", DemoPassword, "openid");
        var code = OidcTestClient.CodeFrom(hop.RequiredRedirect);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(code)).Status);
        var credentials = await client.ClientCredentialsAsync(SampleSecret);
        Assert.Equal(HttpStatusCode.OK, credentials.Status);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(Received("traces") && Received("metrics") && provider.Output.Contains("/connect/token", StringComparison.Ordinal)))
        {
            await Task.Delay(200);
        }

        var lines = provider.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList(); // every line is one JSON object
        Assert.Contains(entries, e => e.TryGetProperty("Scopes", out var scopes)
            && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var id) && id.GetString()!.Length == 32));

        foreach (var secret in new[] { DemoPassword, SampleSecret, code, credentials.AccessToken! })
        {
            Assert.DoesNotContain(secret, provider.Output, StringComparison.Ordinal);
        }

        Assert.True(Received("traces"), "No OTLP trace export arrived: " + string.Join(", ", _otlpPaths));
        Assert.True(Received("metrics"), "No OTLP metric export arrived: " + string.Join(", ", _otlpPaths));
        Assert.All(_otlpPaths, p => Assert.EndsWith("application/x-protobuf", p, StringComparison.Ordinal));
        Directory.Delete(mail, recursive: true);
    }

    private bool Received(string signal)
    {
        lock (_otlpPaths)
        {
            return _otlpPaths.Any(p => p.StartsWith(signal + " ", StringComparison.Ordinal));
        }
    }
}
