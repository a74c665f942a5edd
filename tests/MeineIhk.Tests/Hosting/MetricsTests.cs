using System.Net;
using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// meine ihk's own metrics reach the Prometheus scrape endpoint with the labels an operator's dashboard needs:
/// tokens by grant type and client, logins by result and method, outbox gauges, signing key age.
/// </summary>
public abstract partial class MetricsTests(TestWorld world)
{
    [Fact]
    public async Task After_a_login_and_a_client_credentials_token_the_scrape_shows_them_with_their_labels()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid");
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(TestWorld.SampleSecret)).Status);
        using (var failing = new OidcTestClient(world))
        {
            await failing.FailedLoginMessageAsync(userName, "Falsches-Passwort-1!");
        }

        var scrape = await ScrapeUntilAsync(text =>
            Sample(text, "meineihk_tokens_issued_total", "grant_type=\"client_credentials\"", $"client_id=\"{TestWorld.SampleClientId}\"") >= 1
            && Sample(text, "meineihk_tokens_issued_total", "grant_type=\"authorization_code\"", $"client_id=\"{TestWorld.SampleClientId}\"") >= 1
            && Sample(text, "meineihk_logins_total", "result=\"success\"", "method=\"password\"") >= 1
            && Sample(text, "meineihk_logins_total", "result=\"failure\"", "method=\"password\"") >= 1
            && text.Contains("meineihk_signing_key_age_seconds", StringComparison.Ordinal));

        Assert.Matches(@"meineihk_outbox_queue_length(_items)?\{[^}]*outbox=""mail""", scrape);
        Assert.Matches(@"meineihk_outbox_oldest_age_seconds\{[^}]*outbox=""back_channel_logout""", scrape);
        Assert.Contains("meineihk_signing_key_age_seconds", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", scrape, StringComparison.Ordinal); // ASP.NET Core instrumentation
        Assert.DoesNotContain(TestWorld.SampleSecret, scrape, StringComparison.Ordinal);
        Assert.DoesNotContain(userName, scrape, StringComparison.Ordinal);
    }

    private async Task<string> ScrapeUntilAsync(Func<string, bool> done)
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        var text = string.Empty;
        for (var attempt = 0; attempt < 40; attempt++) // the gauges are read every few seconds
        {
            text = await http.GetStringAsync("metrics");
            if (done(text))
            {
                return text;
            }

            await Task.Delay(500);
        }

        Assert.Fail("The scrape never showed the expected samples:\n" + text);
        return text;
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> that carry every label of <paramref name="labels"/>.</summary>
    private static double Sample(string scrape, string metric, params string[] labels) =>
        SampleLine().Matches(scrape)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}

[Collection(SqliteCollection.Name)]
public sealed class MetricsTestsOnSqlite(SqliteWorld world) : MetricsTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class MetricsTestsOnPostgreSql(PostgreSqlWorld world) : MetricsTests(world);
