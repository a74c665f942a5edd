using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Xunit.Abstractions;

namespace MeineIhk.Tests.Hosting.Nodes;

/// <summary>A test that needs nginx, the PostgreSQL binaries and the built provider; skipped, with the reason, without them.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (ThreeNodeCluster.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// Issue 17, "the multi-node test": three provider processes on one PostgreSQL behind nginx. Codes, refresh tokens,
/// revocations, limits and the outboxes (mail, back-channel logout) work across nodes; a node killed under load loses
/// only the requests it had in flight; a rolling restart loses nothing. The numbers are printed for docs/operations.md.
/// </summary>
public sealed class ThreeNodesBehindNginxTests(ThreeNodeCluster cluster, ITestOutputHelper output) : IClassFixture<ThreeNodeCluster>
{
    private const string Berichtsheft = TestWorld.SampleClientId;

    [ClusterFact]
    public async Task A_code_issued_by_one_node_is_redeemed_on_another_and_refreshed_on_the_third()
    {
        var traffic = new ClusterTraffic(cluster);
        using var browser = traffic.NewBrowser();
        var (code, verifier, issuedBy) = await traffic.LoginAsync(browser);
        var issuer = cluster.NodeOf(issuedBy);
        Assert.True(issuer >= 0, "nginx named no node: " + issuedBy);

        using var second = new HttpClient { BaseAddress = cluster.NodeUrls[(issuer + 1) % 3] };
        var tokens = await traffic.TokenAtAsync(second, "redeem on another node", new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = cluster.RedirectUri.ToString(),
            ["code_verifier"] = verifier,
        });
        using var third = new HttpClient { BaseAddress = cluster.NodeUrls[(issuer + 2) % 3] };
        var refreshed = await traffic.TokenAtAsync(third, "refresh on the third node", new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        });

        Assert.NotEqual(tokens.GetProperty("refresh_token").GetString(), refreshed.GetProperty("refresh_token").GetString());
        var access = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(refreshed.GetProperty("access_token").GetString());
        Assert.Equal(cluster.ProxyUrl.ToString(), access.Issuer); // one public origin, whichever node signed
    }

    [ClusterFact]
    public async Task A_secret_revoked_on_one_node_is_refused_on_all_three_at_once()
    {
        using var proxy = new HttpClient { BaseAddress = cluster.ProxyUrl };
        var management = await ManagementTokenAsync(proxy);
        using var rotate = new HttpRequestMessage(HttpMethod.Post, $"api/v1/applications/{Berichtsheft}/secrets") { Content = JsonContent.Create(new { overlapDays = 1 }) };
        rotate.Headers.Authorization = new("Bearer", management);
        using var rotated = await proxy.SendAsync(rotate);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        using var issued = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync());
        var secret = issued.RootElement.GetProperty("clientSecret").GetString()!;
        var secretId = issued.RootElement.GetProperty("secret").GetProperty("id").GetString()!;

        // Every node authenticates the new secret now, and so keeps it in its cache.
        for (var node = 0; node < 3; node++)
        {
            Assert.Equal("invalid_grant", await ClientAuthenticationOutcomeAsync(cluster.NodeUrls[node], secret));
        }

        using var node0 = new HttpClient { BaseAddress = cluster.NodeUrls[0] };
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/applications/{Berichtsheft}/secrets/{secretId}");
        revoke.Headers.Authorization = new("Bearer", management);
        revoke.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any); // "whatever is current": an emergency revocation
        // Timed from the answer that confirms the revocation (the DELETE itself took 0.6–1 s on the loaded test machine).
        var deleting = Stopwatch.StartNew();
        using (var revoked = await node0.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        output.WriteLine($"DELETE answered after {deleting.ElapsedMilliseconds} ms");
        var revokedAt = Stopwatch.StartNew();

        var refusedAfter = await Task.WhenAll(Enumerable.Range(0, 3).Select(async node =>
        {
            while (await ClientAuthenticationOutcomeAsync(cluster.NodeUrls[node], secret) != "invalid_client")
            {
                Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(10), $"node {node} kept accepting the revoked secret");
                await Task.Delay(5);
            }

            return revokedAt.Elapsed;
        }));
        output.WriteLine("revoked secret refused after (ms, nodes 1–3): " + string.Join(", ", refusedAfter.Select(t => t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(refusedAfter, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(1), $"refused only after {elapsed.TotalMilliseconds:F0} ms"));

        // The other secret keeps working everywhere.
        for (var node = 0; node < 3; node++)
        {
            Assert.Equal("invalid_grant", await ClientAuthenticationOutcomeAsync(cluster.NodeUrls[node], TestWorld.SampleSecret));
        }
    }

    [ClusterFact]
    public async Task Ending_a_session_brings_exactly_one_back_channel_notice_and_a_reset_request_exactly_one_mail()
    {
        var traffic = new ClusterTraffic(cluster);
        var mailsBefore = cluster.Smtp.Received.Count;

        await traffic.OneVisitAsync(withMail: true);

        var sid = Assert.Single(traffic.EndedSessions);
        await WaitUntilAsync(() => cluster.BackChannelNotices.Contains(sid) && ResetMailsSince(mailsBefore).Count > 0, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(3)); // every node polls its outboxes each second: a second delivery would come now
        Assert.Single(cluster.BackChannelNotices, s => s == sid);
        Assert.Single(ResetMailsSince(mailsBefore));
    }

    [ClusterFact]
    public async Task Login_posts_from_one_address_meet_one_limit_across_the_three_nodes_not_three()
    {
        // The counter is per UTC minute. A burst that a new minute cut in two proves nothing (on a loaded machine eleven
        // logins can take half a minute): it is tried again from another address, at most three times.
        for (var burst = 1; ; burst++)
        {
            var minute = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute;
            using var session = new BrowserSession(cluster.ProxyUrl, IPAddress.Parse("127.0.0." + Random.Shared.Next(100, 250)));
            var nodes = new HashSet<int>();
            for (var attempt = 0; attempt < ThreeNodeCluster.FormPostsPerMinute; attempt++)
            {
                var login = await HtmlPage.ReadAsync(await session.Http.GetAsync("anmelden"));
                using var answer = await session.SubmitAsync(login.Form("#login-form", new BrowserSession.Credentials("niemand", "Falsches-Passwort-1!").FormValues));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                nodes.Add(cluster.NodeOf(answer.Headers.TryGetValues("X-Upstream", out var upstream) ? upstream.First() : null));
            }

            var page = await HtmlPage.ReadAsync(await session.Http.GetAsync("anmelden"));
            using var refused = await session.SubmitAsync(page.Form("#login-form", new BrowserSession.Credentials("niemand", "Falsches-Passwort-1!").FormValues));
            if (DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute != minute && burst < 3)
            {
                output.WriteLine($"burst {burst} crossed a minute boundary; again from another address");
                continue;
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(nodes.Count >= 2, "nginx sent every post to one node: " + string.Join(",", nodes));
            return;
        }
    }

    [ClusterFact]
    public async Task A_node_killed_under_load_loses_only_its_requests_in_flight_and_no_mail_notice_or_decision()
    {
        var traffic = new ClusterTraffic(cluster);
        var mailsBefore = cluster.Smtp.Received.Count;
        var noticesBefore = cluster.BackChannelNotices.ToArray();
        using var stop = new CancellationTokenSource();
        var load = traffic.RunAsync(workers: 4, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(6));
        var killedAt = traffic.Now;
        await cluster.KillNodeAsync(1);
        var deadAt = traffic.Now; // requests that reached the node until the kernel closed its sockets were in flight too
        await Task.Delay(TimeSpan.FromSeconds(4));
        await cluster.StartNodeAsync(1);
        var restartedAt = traffic.Now;
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;

        var killedPort = ":" + cluster.NodeUrls[1].Port;
        var failed = traffic.Records.Where(r => r.Failed).ToList();
        var inFlight = failed.Where(r => r.Upstream?.Contains(killedPort, StringComparison.Ordinal) == true && r.Started <= deadAt && r.Ended >= killedAt).ToList();
        output.WriteLine($"{traffic.Records.Count} requests ({traffic.EndedSessions.Count} visits completed); node 2 killed at {killedAt.TotalSeconds:F1} s, " +
            $"back at {restartedAt.TotalSeconds:F1} s; failed: {failed.Count}, of them in flight on the killed node: {inFlight.Count}");
        foreach (var record in failed)
        {
            output.WriteLine($"  failed: {record}");
        }

        Assert.True(traffic.EndedSessions.Count >= 8, "too little load to mean anything: " + traffic.EndedSessions.Count);
        Assert.Equal(failed.Count, inFlight.Count); // nothing failed but what the killed node was serving
        Assert.True(inFlight.Count <= 4, "more requests lost than were in flight (4 workers)");
        await AssertOutboxesExactlyOnceAsync(traffic, mailsBefore, noticesBefore, failed.Count(r => r.What == "reset post"));
    }

    [ClusterFact]
    public async Task A_rolling_restart_of_all_three_nodes_under_load_loses_nothing()
    {
        var traffic = new ClusterTraffic(cluster);
        var mailsBefore = cluster.Smtp.Received.Count;
        var noticesBefore = cluster.BackChannelNotices.ToArray();
        using var stop = new CancellationTokenSource();
        var load = traffic.RunAsync(workers: 4, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var node = 0; node < 3; node++)
        {
            // Drained first, as operations.md asks: nginx does not repeat a POST sent on a kept-alive connection that the
            // stopping node closes at that moment (it answers 502), so no request may be on its way there.
            await cluster.DrainNodeAsync(node);
            await cluster.StopNodeAsync(node);
            await cluster.StartNodeAsync(node);
            await cluster.RestoreNodesAsync();
        }

        await stop.CancelAsync();
        await load;

        var failed = traffic.Records.Where(r => r.Failed).ToList();
        output.WriteLine($"{traffic.Records.Count} requests ({traffic.EndedSessions.Count} visits completed) during a rolling restart; failed: {failed.Count}");
        foreach (var record in failed)
        {
            output.WriteLine($"  failed: {record}");
        }

        Assert.Empty(failed);
        Assert.True(traffic.EndedSessions.Count >= 8, "too little load to mean anything: " + traffic.EndedSessions.Count);
        await AssertOutboxesExactlyOnceAsync(traffic, mailsBefore, noticesBefore, uncertainMails: 0);
    }

    /// <summary>
    /// Every confirmed session end brings exactly one notice and every confirmed reset request exactly one mail (the
    /// decision was saved, then delivered once); an end or request that failed in flight brings at most one.
    /// </summary>
    private async Task AssertOutboxesExactlyOnceAsync(ClusterTraffic traffic, int mailsBefore, string[] noticesBefore, int uncertainMails)
    {
        var ended = traffic.EndedSessions.ToHashSet(StringComparer.Ordinal);
        await WaitUntilAsync(() => ended.All(cluster.BackChannelNotices.Contains) && ResetMailsSince(mailsBefore).Count >= traffic.ResetRequests,
            TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // late duplicates would come now

        var notices = cluster.BackChannelNotices.Except(noticesBefore).GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(ended, sid => Assert.Equal(1, notices.GetValueOrDefault(sid)));
        Assert.All(notices, notice => Assert.Equal(1, notice.Value));

        var everyMail = cluster.Smtp.Received.Skip(mailsBefore).Select(m => m.TextBody).ToList();
        Assert.Equal(everyMail.Count, everyMail.Distinct(StringComparer.Ordinal).Count()); // no mail sent twice (reset links and new-device notices alike)
        var resetMails = ResetMailsSince(mailsBefore).Count;
        Assert.InRange(resetMails, traffic.ResetRequests, traffic.ResetRequests + uncertainMails);
        output.WriteLine($"back-channel notices: {notices.Count} for {ended.Count} confirmed session ends; reset mails: {resetMails} for {traffic.ResetRequests} confirmed reset requests; {everyMail.Count} mails in all");
    }

    /// <summary>The reset-link mails only: each visit's login from a browser not seen before also brings a new-device notice.</summary>
    private List<MimeKit.MimeMessage> ResetMailsSince(int mailsBefore) =>
        [.. cluster.Smtp.Received.Skip(mailsBefore).Where(m => m.Subject == "Neues Passwort für meine ihk")];

    private static async Task<string> ManagementTokenAsync(HttpClient http)
    {
        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "plattform-automation",
            ["client_secret"] = ThreeNodeCluster.ManagementSecret,
            ["scope"] = "ihk.manage",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>invalid_client when the secret is refused, invalid_grant when it authenticated (the refresh token is made up).</summary>
    private static async Task<string?> ClientAuthenticationOutcomeAsync(Uri node, string secret)
    {
        using var http = new HttpClient { BaseAddress = node };
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "made-up" }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Berichtsheft + ":" + Uri.EscapeDataString(secret))));
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}
