using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;

namespace MeineIhk.Tests.Features.Organisations.Invitations;

/// <summary>
/// Issue 18 item 8 (the invited address is filled in when the invitee registers from the link) and issue 15 (an
/// invitation accepted by an account without the invited address among its confirmed ones is marked for the administrator).
/// </summary>
public abstract class InvitationAddressTests(TestWorld world)
{
    private const string AcceptPath = "/einladungen/annehmen";

    [Fact]
    public async Task Registering_from_the_invitation_link_fills_in_the_invited_address()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invited = $"eingeladen-{Guid.NewGuid():N}@example.org";
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, invited);
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invited)).TextBody, AcceptPath);

        using var browser = new BrowserSession(world.ProviderUrl);
        var invitation = await browser.PageAsync(link);
        var register = await browser.PageAsync(invitation.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Jetzt registrieren").GetAttribute("href")!);
        Assert.Equal(invited, register.Document.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal(invited, register.Document.QuerySelector("#Input_EmailRepeat")!.GetAttribute("value"));

        var plain = await browser.PageAsync("registrieren?returnUrl=" + Uri.EscapeDataString(AcceptPath + "?token=falsch"));
        Assert.True(string.IsNullOrEmpty(plain.Document.QuerySelector("#Input_Email")!.GetAttribute("value")));
    }

    [Fact]
    public async Task An_invitation_accepted_by_an_account_without_the_invited_address_is_marked_for_the_deciding_administrator()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invited = $"weitergeleitet-{Guid.NewGuid():N}@example.org";
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, invited);
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invited)).TextBody, AcceptPath);

        using var other = await world.LoggedInAsync(await world.CreateUserAsync());
        var confirm = await other.PageAsync(link);
        await other.AfterAsync(other.PostAsync(confirm, "#einladung-annehmen"));

        var requestId = await world.QueryAsync(db => db.MembershipRequests.Where(r => r.OrganisationId == organisation.Id).Select(r => r.Id).SingleAsync());
        var details = await admin.PageAsync($"organisationen/{organisation.Id}/anfragen/{requestId}");
        Assert.Contains($"Die Einladung ging an {invited}", details.Text("#einladung-andere-adresse"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_accepted_by_the_invited_address_is_not_marked()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, invitee + "@example.org");
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org")).TextBody, AcceptPath);

        using var browser = await world.LoggedInAsync(invitee);
        await browser.AfterAsync(browser.PostAsync(await browser.PageAsync(link), "#einladung-annehmen"));

        var requestId = await world.QueryAsync(db => db.MembershipRequests.Where(r => r.OrganisationId == organisation.Id).Select(r => r.Id).SingleAsync());
        var details = await admin.PageAsync($"organisationen/{organisation.Id}/anfragen/{requestId}");
        Assert.Null(details.Document.QuerySelector("#einladung-andere-adresse"));
    }

    private async Task InviteAsync(BrowserSession admin, TestOrganisation organisation, string email)
    {
        var form = await admin.PageAsync($"organisationen/{organisation.Id}/einladungen/neu");
        var fields = form.Form("#einladung", new Dictionary<string, string> { ["Input.Email"] = email });
        fields.Fields.Add(KeyValuePair.Create("Input.Roles", (await world.RoleIdAsync("auszubildender")).ToString()));
        var sent = (await admin.FollowAsync(await admin.SubmitAsync(fields))).RequiredPage;
        Assert.Contains("ist versendet", Status(sent), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationAddressTestsOnSqlite(SqliteWorld world) : InvitationAddressTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class InvitationAddressTestsOnPostgreSql(PostgreSqlWorld world) : InvitationAddressTests(world);
