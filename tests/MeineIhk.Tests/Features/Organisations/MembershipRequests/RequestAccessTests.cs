using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.Join;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.MembershipRequests;

/// <summary>Every administrative request page refuses whoever does not administer that very organisation, and reveals nothing.</summary>
public abstract class RequestAccessTests(TestWorld world)
{
    [Theory]
    [InlineData("other-admin")]
    [InlineData("member")]
    [InlineData("requester")]
    public async Task Outsiders_get_404_on_every_request_page_and_change_nothing(string who)
    {
        var organisation = await world.CreateOrganisationAsync();
        var requester = await world.CreateUserAsync();
        using (var browser = await world.LoggedInAsync(requester))
        {
            await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
        }

        var request = (await world.RequestOfAsync(organisation.Id, requester))!;
        var other = await world.CreateOrganisationAsync();
        var outsider = who switch
        {
            "other-admin" => other.AdminUserName,
            "member" => await world.CreateUserAsync(),
            _ => requester,
        };
        if (who == "member")
        {
            await world.AddMemberAsync(organisation.Id, outsider, administrator: false, "ausbildender");
        }

        // The outsider's own organisation gives a genuine form with a valid antiforgery token to aim elsewhere.
        var outsiderOrganisation = who == "other-admin" ? other : await OwnOrganisationAsync(outsider);
        using var session = await world.LoggedInAsync(outsider);
        await OwnRequestAsync(outsiderOrganisation);
        var ownList = await session.PageAsync($"organisationen/{outsiderOrganisation.Id}/anfragen");
        var ownDetails = await session.PageAsync(ownList.Document.QuerySelector("a[href*='/anfragen/']")!.GetAttribute("href")!);

        var listUrl = $"organisationen/{organisation.Id}/anfragen";
        var detailsUrl = $"organisationen/{organisation.Id}/anfragen/{request.Id}";
        var mixedUrl = $"organisationen/{outsiderOrganisation.Id}/anfragen/{request.Id}"; // own organisation, foreign request
        foreach (var url in new[] { listUrl, detailsUrl, mixedUrl })
        {
            var response = await session.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(requester, html, StringComparison.Ordinal);
            Assert.DoesNotContain(organisation.Firmierung, html, StringComparison.Ordinal);
        }

        var assign = ownList.Form(".assign-form");
        Assert.Equal(HttpStatusCode.NotFound, (await session.SubmitAsync((assign.Method, new Uri(world.ProviderUrl, $"{listUrl}?handler=Assign&requestId={request.Id}"), assign.Fields))).StatusCode);
        foreach (var target in new[] { detailsUrl, mixedUrl })
        {
            foreach (var decision in new[] { "approve", "reject" })
            {
                var form = ownDetails.Form("#decision-form", new Dictionary<string, string> { ["RejectionReason"] = "Nein.", ["decision"] = decision, ["Stamp"] = request.ConcurrencyStamp.ToString() });
                Assert.Equal(HttpStatusCode.NotFound, (await session.SubmitAsync((form.Method, new Uri(world.ProviderUrl, target), form.Fields))).StatusCode);
            }
        }

        var unchanged = (await world.RequestOfAsync(organisation.Id, requester))!;
        Assert.Equal(MembershipRequestStatus.Open, unchanged.Status);
        Assert.Null(unchanged.AssignedToUserId);
        Assert.False(await world.IsMemberAsync(organisation.Id, requester));
    }

    [Fact]
    public async Task Non_members_cannot_ask_for_roles_in_or_leave_an_organisation()
    {
        var organisation = await world.CreateOrganisationAsync();
        var stranger = await world.CreateUserAsync();
        using var session = await world.LoggedInAsync(stranger);

        foreach (var url in new[] { $"organisationen/{organisation.Id}/rolle-anfragen", $"organisationen/{organisation.Id}/verlassen" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await session.Http.GetAsync(url)).StatusCode);
        }

        Assert.DoesNotContain(organisation.Firmierung, (await session.PageAsync("organisationen")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_pages_need_a_login()
    {
        var organisation = await world.CreateOrganisationAsync();
        using var anonymous = new BrowserSession(world.ProviderUrl);
        foreach (var url in new[] { "organisationen/beitreten", "organisationen", "benachrichtigungen", $"organisationen/{organisation.Id}/anfragen" })
        {
            var response = await anonymous.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/anmelden", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>An organisation the user administers (created for a member or the requester in the test).</summary>
    private async Task<TestOrganisation> OwnOrganisationAsync(string userName)
    {
        var own = await world.CreateOrganisationAsync();
        await world.AddMemberAsync(own.Id, userName, administrator: true);
        return own with { AdminUserName = userName };
    }

    private async Task OwnRequestAsync(TestOrganisation organisation)
    {
        var someone = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(someone);
        await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestAccessTestsOnSqlite(SqliteWorld world) : RequestAccessTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class RequestAccessTestsOnPostgreSql(PostgreSqlWorld world) : RequestAccessTests(world);
