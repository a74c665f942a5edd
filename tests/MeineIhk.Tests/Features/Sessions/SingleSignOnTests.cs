using System.Net;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// Two applications, one login: the second application signs the user in without the password page; logging
/// out at one (RP-initiated) ends the provider session, and the other application ends its session when the
/// back-channel logout notice arrives.
/// </summary>
public abstract class SingleSignOnTests(SessionsWorld sessions)
{
    private TestWorld World => sessions.World;

    [Fact]
    public async Task The_second_application_signs_in_without_the_password_page()
    {
        var userName = await sessions.MemberWithRolesAsync($"{TestWorld.SampleClientId}:auszubildender", $"{SessionsWorld.SecondClientId}:auszubildender");
        using var browser = new BrowserSession();
        var atA = (await browser.GetAsync(World.SampleUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal((HttpStatusCode.OK, World.SampleUrl.Authority), (atA.Status, atA.RequestUri.Authority));

        var atB = await VisitWithoutPasswordAsync(browser, sessions.SampleBUrl);

        Assert.Equal((HttpStatusCode.OK, sessions.SampleBUrl.Authority), (atB.Status, atB.RequestUri.Authority));
        Assert.Contains("Bericht schreiben", atB.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_out_at_one_application_ends_the_provider_session_and_the_session_at_the_other()
    {
        var userName = await sessions.MemberWithRolesAsync($"{TestWorld.SampleClientId}:auszubildender", $"{SessionsWorld.SecondClientId}:auszubildender");
        var userId = await sessions.UserIdAsync(userName);
        using var browser = new BrowserSession();
        var atA = (await browser.GetAsync(World.SampleUrl, new(userName, TestWorld.Password))).RequiredPage;
        await VisitWithoutPasswordAsync(browser, sessions.SampleBUrl);

        // RP-initiated logout at A: A's session, then the provider's, back to A's signed-out page.
        var signedOut = (await browser.FollowAsync(await browser.SubmitAsync(atA.Form("form[action$='abmelden']")))).RequiredPage;
        Assert.Equal(World.SampleUrl.Authority, signedOut.RequestUri.Authority);

        // Both are told: B, which did not ask for the logout, and A, which did (its other copies learn of it this way).
        var deliveries = await sessions.SettledDeliveriesAsync(userId, 2);
        Assert.Equal([TestWorld.SampleClientId, SessionsWorld.SecondClientId], deliveries.Select(d => d.ClientId).Order(StringComparer.Ordinal));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(BackChannelLogoutReason.Logout, d.Reason);
            Assert.NotNull(d.SessionId);
            Assert.NotNull(d.DeliveredAt);
        });

        // The provider session is gone: B's next request goes to the provider, which asks for the password.
        var provider = (await browser.GetAsync(World.ProviderUrl)).RequiredPage;
        Assert.Equal("/anmelden", provider.RequestUri.AbsolutePath);
        var atB = (await browser.GetAsync(sessions.SampleBUrl)).RequiredPage;
        Assert.Equal((World.ProviderUrl.Authority, "/anmelden"), (atB.RequestUri.Authority, atB.RequestUri.AbsolutePath));
    }

    /// <summary>Follows the redirects from the application through the provider and back; fails if the login form is served.</summary>
    private static async Task<HtmlPage> VisitWithoutPasswordAsync(BrowserSession browser, Uri application)
    {
        var page = (await browser.GetAsync(application)).RequiredPage;
        Assert.NotEqual("/anmelden", page.RequestUri.AbsolutePath);
        Assert.Null(page.Document.QuerySelector("#login-form"));
        return page;
    }
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqliteSingleSignOnTests(SqliteSessionsWorld sessions) : SingleSignOnTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlSingleSignOnTests(PostgreSqlSessionsWorld sessions) : SingleSignOnTests(sessions);
