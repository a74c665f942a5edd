using System.Net;
using Microsoft.Data.Sqlite;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// Outside Development the built provider, started as an operator starts it, refuses to start without an explicit
/// database, public origin, key-ring protection and mail settings, naming the key and ending with exit code 78
/// (nothing created or migrated); complete, it starts and encrypts its key ring at rest.
/// </summary>
public sealed class FailFastTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, "failfast");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData("Database:Provider")]
    [InlineData("ConnectionStrings:Default")]
    [InlineData("Database:SingleNode")]
    [InlineData("Issuer")]
    [InlineData("DataProtection:Certificate:Path")]
    [InlineData("Mail:Transport")]
    [InlineData("Mail:Smtp:Host")]
    [InlineData("Mail:From")]
    public async Task Production_refuses_to_start_without_the_key_and_names_it(string missing)
    {
        var settings = Settings();
        settings.Remove(missing);

        await using var provider = ProviderProcess.Start(settings);
        var exitCode = await provider.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(78, exitCode);
        Assert.Contains(missing, provider.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", provider.Error, StringComparison.Ordinal); // a message, not a stack trace
        Assert.False(new FileInfo(new SqliteConnectionStringBuilder(_database.ConnectionString).DataSource) is { Exists: true, Length: > 0 },
            "Nothing may be created or migrated before the configuration is complete.");
    }

    [Fact]
    public async Task A_wrong_key_ring_certificate_password_is_refused_naming_the_key()
    {
        var settings = Settings();
        settings["DataProtection:Certificate:Password"] = "wrong";

        await using var provider = ProviderProcess.Start(settings);

        Assert.Equal(78, await provider.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("DataProtection:Certificate:Path", provider.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_production_settings_start_and_the_key_ring_is_encrypted_with_the_certificate()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var settings = Settings(url);
        settings["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority);

        await using var provider = ProviderProcess.Start(settings);
        await provider.WaitUntilReadyAsync(url);
        using var http = new HttpClient { BaseAddress = url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("anmelden")).StatusCode); // antiforgery: the key ring is used

        await using var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT Xml FROM DataProtectionKeys", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // no plain master key
        });
    }

    private Dictionary<string, string?> Settings(Uri? issuer = null)
    {
        var settings = ProductionSettings.For(_database, issuer ?? new Uri("https://meine.ihk.example/"));
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["Hosting:AllowHttp"] = "true";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }
}
