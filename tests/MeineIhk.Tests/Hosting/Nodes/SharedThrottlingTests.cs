using System.Net;
using System.Text;
using System.Text.Json;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Hosting.Nodes;

/// <summary>
/// Limits are counted in the shared database: two nodes together allow the limit, not twice it (issue 17), and the
/// token endpoint is limited per client and per client address, IPv6 by /64 (issue 15; RFC 9700 §4.10 and ASVS 5.0
/// 2.4.1 — anti-automation; RFC 6585 §4 — 429 with Retry-After). Each test plays its own client addresses (through
/// X-Forwarded-For from the trusted local proxy) and client ids, so the tests share no counter.
/// </summary>
public abstract class SharedThrottlingTests(NodePair nodes)
{
    [Fact]
    public async Task Login_posts_from_one_address_are_counted_across_both_nodes_so_together_they_allow_the_limit_not_twice_it()
    {
        var address = "198.51.100." + Random.Shared.Next(1, 250);
        nodes.StartNewWindow();
        for (var attempt = 0; attempt < NodePair.FormPostsPerMinute; attempt++)
        {
            var node = attempt % 2 == 0 ? nodes.FirstUrl : nodes.SecondUrl;
            Assert.Equal(HttpStatusCode.OK, await PostLoginAsync(node, address));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostLoginAsync(nodes.FirstUrl, address));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostLoginAsync(nodes.SecondUrl, address));
    }

    [Fact]
    public async Task Token_requests_naming_one_client_are_refused_beyond_the_limit_on_every_node_with_retry_after_and_an_oauth_error()
    {
        var client = "unknown-" + Guid.NewGuid().ToString("N")[..8];
        nodes.StartNewWindow();
        for (var attempt = 0; attempt < NodePair.TokenRequestsPerClient; attempt++)
        {
            // Each from another address: the per-client limit counts them together.
            using var answered = await PostTokenAsync(attempt % 2 == 0 ? nodes.FirstUrl : nodes.SecondUrl, "203.0.113." + (attempt + 1), client);
            Assert.Equal(HttpStatusCode.Unauthorized, answered.StatusCode); // invalid_client: counted, then refused by OpenIddict
        }

        using var refused = await PostTokenAsync(nodes.SecondUrl, "203.0.113.99", client);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1, 1, 60);
        Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_requests_from_one_address_are_limited_for_all_clients_together()
    {
        var address = "192.0.2." + Random.Shared.Next(1, 250);
        nodes.StartNewWindow();
        for (var attempt = 0; attempt < NodePair.TokenRequestsPerAddress; attempt++)
        {
            using var answered = await PostTokenAsync(attempt % 2 == 0 ? nodes.FirstUrl : nodes.SecondUrl, address, "c" + Guid.NewGuid().ToString("N")[..8]);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answered.StatusCode);
        }

        using var refused = await PostTokenAsync(nodes.FirstUrl, address, "c" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        using var other = await PostTokenAsync(nodes.FirstUrl, "192.0.2.251", "c" + Guid.NewGuid().ToString("N")[..8]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task IPv6_addresses_of_one_64_prefix_share_one_counter_and_another_prefix_does_not()
    {
        var prefix = "2001:db8:" + Random.Shared.Next(1, 0xffff).ToString("x", System.Globalization.CultureInfo.InvariantCulture) + ":1::";
        nodes.StartNewWindow();
        for (var attempt = 0; attempt < NodePair.FormPostsPerMinute; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostLoginAsync(nodes.FirstUrl, prefix + (attempt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostLoginAsync(nodes.SecondUrl, prefix + "abcd"));
        Assert.Equal(HttpStatusCode.OK, await PostLoginAsync(nodes.SecondUrl, prefix.Replace(":1::", ":2::", StringComparison.Ordinal) + "1"));
    }

    private static async Task<HttpStatusCode> PostLoginAsync(Uri node, string clientAddress)
    {
        using var session = new BrowserSession(node);
        session.Http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        var login = await HtmlPage.ReadAsync(await session.Http.GetAsync("anmelden"));
        using var response = await session.SubmitAsync(login.Form("#login-form", new BrowserSession.Credentials("niemand", "Falsches-Passwort-1!").FormValues));
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostTokenAsync(Uri node, string clientAddress, string clientId)
    {
        using var http = new HttpClient { BaseAddress = node };
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":wrong-secret")));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}

public sealed class SharedThrottlingTestsOnSqlite(SqliteNodePair nodes) : SharedThrottlingTests(nodes), IClassFixture<SqliteNodePair>;

public sealed class SharedThrottlingTestsOnPostgreSql(PostgreSqlNodePair nodes) : SharedThrottlingTests(nodes), IClassFixture<PostgreSqlNodePair>;
