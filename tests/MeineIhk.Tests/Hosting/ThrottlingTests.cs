using System.Net;
using System.Net.Sockets;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Accounts.ForgotPassword;
using MeineIhk.Tests.Features.Accounts.Passwords;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Features.Profile;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// Form posts are limited per client address, beside the per-account lockout. Counted in the database across nodes:
/// Hosting/Nodes/SharedThrottlingTests runs two nodes on SQLite and PostgreSQL.
/// </summary>
public sealed class ThrottlingTests(ThrottledWorld world) : IClassFixture<ThrottledWorld>
{
    [Fact]
    public async Task Too_many_login_posts_from_one_address_are_refused_while_other_addresses_still_log_in()
    {
        using var noisy = new OidcTestClient(world);
        world.Clock.StartNewMinute(); // one fixed window for the whole burst
        for (var attempt = 0; attempt < ThrottledWorld.Limit; attempt++)
        {
            await noisy.FailedLoginMessageAsync("user" + attempt, "Falsches-Passwort-1!");
        }

        var login = await HtmlPage.ReadAsync(await noisy.Browser.GetAsync("anmelden"));
        var refused = await noisy.Session.SubmitAsync(login.Form("#login-form", new BrowserSession.Credentials("azubi", TestWorld.Password).FormValues));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Zu viele Versuche", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // ASVS 5.0 16.3.3: the refusal is a security event (written by the trail's background writer).
        var throttled = 0;
        for (var wait = 0; wait < 100 && throttled == 0; wait++)
        {
            await Task.Delay(100);
            throttled = await world.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.Kind == "Throttled" && e.Detail == "form" && e.RemoteAddress == "127.0.0.1"));
        }

        Assert.True(throttled > 0);

        // Another client address is not affected.
        using var other = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = world.ProviderUrl };
        var page = await HtmlPage.ReadAsync(await other.GetAsync("anmelden"));
        var form = page.Form("#login-form", new BrowserSession.Credentials("azubi", TestWorld.Password).FormValues);
        using var content = new FormUrlEncodedContent(form.Fields);
        var accepted = await other.PostAsync(form.Action, content);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }
}
