using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// The cookie rule (ASVS 5.0 V3.3.1 Secure, V3.3.2 <c>__Host-</c> prefix): with an https issuer the provider's cookies
/// are Secure and <c>__Host-</c>-prefixed; an http issuer outside Development is refused unless it is loopback.
/// The built provider, started as an operator starts it.
/// </summary>
public sealed class ProviderCookiesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, "cookies");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Production_refuses_an_http_issuer_that_is_not_loopback()
    {
        var settings = ProductionSettings.For(_database, new Uri("http://meine.ihk.example/"));
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["Hosting:AllowHttp"] = "true";

        await using var provider = ProviderProcess.Start(settings);

        Assert.Equal(78, await provider.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Issuer is http", provider.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_https_issuer_the_cookies_are_Secure_and_Host_prefixed()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/"); // TLS ends at the proxy; the node listens on loopback
        var settings = ProductionSettings.For(_database, new Uri("https://meine.ihk.example/"));
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority);
        settings["Hosting:AllowHttp"] = "true";
        settings["Logging:LogLevel:Default"] = "Warning";

        await using var provider = ProviderProcess.Start(settings);
        await provider.WaitUntilReadyAsync(url, TimeSpan.FromMinutes(3)); // a loaded machine starts slowly
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https"); // as the TLS-terminating proxy on loopback sends it
        using var response = await http.GetAsync("anmelden");

        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var setCookies), $"No cookie: HTTP {(int)response.StatusCode}");
        var cookies = setCookies.ToList();
        var antiforgery = Assert.Single(cookies, c => c.Contains("Antiforgery", StringComparison.Ordinal));
        Assert.StartsWith("__Host-MeineIhk.Antiforgery=", antiforgery, StringComparison.Ordinal);
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
