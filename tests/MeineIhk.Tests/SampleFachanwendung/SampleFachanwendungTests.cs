using AngleSharp.Dom;
using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.SampleFachanwendung;

/// <summary>The sample Fachanwendung as its users meet it: over HTTP, through the provider's real login.</summary>
public abstract class SampleFachanwendungTests(TestWorld world)
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_provider_to_log_in()
    {
        using var browser = new BrowserSession();
        var response = await browser.Http.GetAsync(world.SampleUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(new Uri(world.ProviderUrl, "connect/authorize").ToString(), location.ToString(), StringComparison.Ordinal);
        var query = OidcTestClient.Query(location);
        Assert.Equal("berichtsheft", query["client_id"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Contains("ihk.org", query["scope"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azubi_sees_the_Berichtsheft_with_the_organisation_and_role()
    {
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(world.SampleUrl, new("azubi", TestWorld.Password))).RequiredPage;

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(world.SampleUrl.Authority, page.RequestUri.Authority);
        Assert.Contains("Anna Azubi", page.Html, StringComparison.Ordinal);
        Assert.Contains("Spiel- und Spaß GmbH", page.Html, StringComparison.Ordinal);
        Assert.Contains("Auszubildende(r)", page.Html, StringComparison.Ordinal);
        Assert.Contains("Bericht schreiben", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Berichte freigeben", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ausbilder_gets_the_trainer_actions()
    {
        using var browser = new BrowserSession();
        var chooser = (await browser.GetAsync(world.SampleUrl, new("ausbilder", TestWorld.Password))).RequiredPage;
        Assert.Contains("Organisation auswählen", chooser.Html, StringComparison.Ordinal);

        var button = chooser.Document.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlButtonElement>("button[name=org_hint]")
            .Single(b => b.TextContent.Contains("Spiel- und Spaß GmbH", StringComparison.Ordinal));
        var page = (await browser.FollowAsync(await browser.SubmitAsync(chooser.Form("#organisation-choice", submitter: button)))).RequiredPage;

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Berichte freigeben", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bericht schreiben", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_without_role_is_refused_with_403_and_an_explanation()
    {
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(world.SampleUrl, new("ohnerolle", TestWorld.Password))).RequiredPage;

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(world.SampleUrl.Authority, page.RequestUri.Authority);
        Assert.Contains("keine Rolle in meine ihk für eine Fachanwendung zugeteilt haben, können diese Fachanwendung nicht nutzen", page.Html, StringComparison.Ordinal);
        Assert.Contains("Unternehmensadministrator", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bericht schreiben", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_company_administrator_without_own_role_is_refused_too()
    {
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(world.SampleUrl, new("unternehmensadmin", TestWorld.Password))).RequiredPage;

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
    }

    [Fact]
    public async Task A_withdrawn_role_ends_access_at_the_next_token_refresh()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        using var browser = new BrowserSession();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(world.SampleUrl, new(userName, TestWorld.Password))).RequiredPage.Status);

        await world.WithDatabaseAsync(async db =>
        {
            db.MemberRoles.RemoveRange(db.MemberRoles.Where(r => r.Membership.User.UserName == userName));
            await db.SaveChangesAsync();
        });

        // Still inside the access token's lifetime the app keeps its claims …
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(world.SampleUrl)).RequiredPage.Status);

        // … and once it has run out, the app refreshes, meine ihk re-reads the roles, and the user is refused.
        world.SampleClock.Offset = TimeSpan.FromMinutes(10);
        try
        {
            var refused = (await browser.GetAsync(world.SampleUrl)).RequiredPage;
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Contains("Kein Zugang zum Digitalen Berichtsheft", refused.Html, StringComparison.Ordinal);
        }
        finally
        {
            world.SampleClock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_refused_refresh_ends_the_session_in_the_app()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        using var browser = new BrowserSession();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(world.SampleUrl, new(userName, TestWorld.Password))).RequiredPage.Status);

        // A password change (new security stamp) makes meine ihk refuse the refresh token.
        await world.WithDatabaseAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByNameAsync(userName);
            await users.UpdateSecurityStampAsync(user!);
            return true;
        });

        world.SampleClock.Offset = TimeSpan.FromMinutes(10);
        try
        {
            var response = await browser.Http.GetAsync(world.SampleUrl);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(new Uri(world.ProviderUrl, "connect/authorize").ToString(), response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            world.SampleClock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Logout_ends_the_sample_session_and_the_provider_session()
    {
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(world.SampleUrl, new("azubi", TestWorld.Password))).RequiredPage;
        Assert.Equal(HttpStatusCode.OK, page.Status);

        var loggedOut = (await browser.FollowAsync(await browser.SubmitAsync(page.Form("form[action$='abmelden']")))).RequiredPage;
        Assert.Equal(HttpStatusCode.OK, loggedOut.Status);
        Assert.Equal(world.SampleUrl.Authority, loggedOut.RequestUri.Authority);

        // Both sessions are gone: the next visit ends on the provider's login page.
        var again = (await browser.GetAsync(world.SampleUrl)).RequiredPage;
        Assert.Equal("/anmelden", again.RequestUri.AbsolutePath);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SampleFachanwendungTestsOnSqlite(SqliteWorld world) : SampleFachanwendungTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class SampleFachanwendungTestsOnPostgreSql(PostgreSqlWorld world) : SampleFachanwendungTests(world);
