using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// /health/live answers while the process runs; /health/ready (and /healthz) only while the database answers with
/// every migration applied, the signing keys are loaded and no outbox is stuck: 200 or 503, JSON either way.
/// Each test starts its own provider, since it breaks it.
/// </summary>
public abstract class ReadinessTests : IAsyncLifetime, IDisposable
{
    private TestDatabase _database = null!;
    private WebApplication _provider = null!;
    private readonly HttpClient _http = new();

    protected abstract DatabaseKind Kind { get; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Kind, "ready_" + Guid.NewGuid().ToString("N")[..8]);
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var settings = ProductionSettings.For(_database, url, FreePort.Get());
        settings["Hosting:AllowHttp"] = "true";
        settings["Health:OutboxStuckAfter"] = "00:01:00";
        settings["Telemetry:MetricsNetworks:0"] = "127.0.0.1/32";
        settings["Telemetry:MetricsNetworks:1"] = "::1/128";
        settings["Logging:LogLevel:Default"] = "None";
        _provider = ProviderApp.Create([], RepositoryPaths.IdentityProviderContentRoot, settings);
        _provider.Urls.Add(url.GetLeftPart(UriPartial.Authority));
        await _provider.PrepareAsync();
        await _provider.StartAsync();
        _http.BaseAddress = url;
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Live_and_ready_answer_200_with_a_json_body_naming_each_check()
    {
        var live = await _http.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        foreach (var path in new[] { "health/ready", "healthz" })
        {
            var ready = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
            var checks = body.GetProperty("checks");
            Assert.Equal(["database", "outbox", "signing-keys"], checks.EnumerateObject().Select(c => c.Name).Order());
        }
    }

    [Fact]
    public async Task Health_answers_whatever_the_Host_header_so_that_probes_by_address_work()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health/ready");
        request.Headers.Host = "10.1.2.3:8080";
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_503_while_a_mail_waits_longer_than_the_stuck_age_and_200_once_it_is_delivered()
    {
        var stuck = new OutboxMail
        {
            Purpose = "Test", Recipient = "niemand@example.org", Subject = "stuck",
            CreatedAt = DateTime.UtcNow.AddHours(-2), NextAttemptAt = DateTime.UtcNow.AddDays(1), // the dispatcher leaves it alone
        };
        await WithDatabaseAsync(async db =>
        {
            db.OutboxMails.Add(stuck);
            await db.SaveChangesAsync();
        });

        var notReady = await _http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var outbox = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("outbox");
        Assert.Equal("Unhealthy", outbox.GetProperty("status").GetString());
        Assert.Contains("Mail", outbox.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("health/live")).StatusCode);

        await WithDatabaseAsync(async db =>
        {
            db.OutboxMails.Single(m => m.Id == stuck.Id).SentAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_503_with_a_json_body_when_the_database_is_gone_while_live_stays_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("health/ready")).StatusCode);

        await RemoveDatabaseAsync();

        var notReady = await _http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var body = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain("Password", body.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("health/live")).StatusCode);
    }

    [Fact]
    public async Task Metrics_answer_the_configured_networks_only()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("metrics")).StatusCode);

        using var elsewhere = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0)); // not in 127.0.0.1/32
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = _http.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync("metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("health/live")).StatusCode);
    }

    private async Task WithDatabaseAsync(Func<ApplicationDbContext, Task> action)
    {
        await using var scope = _provider.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    private async Task RemoveDatabaseAsync()
    {
        switch (Kind)
        {
            case DatabaseKind.Sqlite:
                SqliteConnection.ClearAllPools();
                await File.WriteAllBytesAsync(new SqliteConnectionStringBuilder(_database.ConnectionString).DataSource, new byte[8192]); // "file is not a database"
                break;
            case DatabaseKind.PostgreSql:
                var target = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
                var admin = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "postgres", Pooling = false };
                await using (var connection = new NpgsqlConnection(admin.ConnectionString))
                {
                    await connection.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE \"{target.Database}\" WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                }

                NpgsqlConnection.ClearAllPools();
                break;
            default:
                throw new NotSupportedException(Kind.ToString());
        }
    }
}

public sealed class ReadinessTestsOnSqlite : ReadinessTests
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed class ReadinessTestsOnPostgreSql : ReadinessTests
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;
}
