using System.Net;
using Microsoft.EntityFrameworkCore;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations.Invitations;
using MeineIhk.Tests.Features.Organisations.Members;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations;

/// <summary>
/// Every administrative page and form of an organisation, tried by the administrator of another organisation and
/// by a plain member: 404, nothing changed, nothing revealed.
/// </summary>
public abstract class AdministrationAccessTests(TestWorld world)
{
    [Fact]
    public async Task An_administrator_of_another_organisation_reaches_nothing_and_changes_nothing() =>
        await AssertNoAccessAsync(async (victim, _) =>
        {
            var own = await world.CreateOrganisationAsync();
            return (own.AdminUserName, own.Id, own.AdminMembershipId);
        });

    [Fact]
    public async Task A_plain_member_reaches_nothing_and_changes_nothing() =>
        await AssertNoAccessAsync(async (victim, _) =>
        {
            // A plain member of the victim organisation who administers an organisation of their own (for valid forms).
            var own = await world.CreateOrganisationAsync();
            await world.AddMemberAsync(victim.Id, own.AdminUserName);
            return (own.AdminUserName, own.Id, own.AdminMembershipId);
        });

    [Fact]
    public async Task A_member_of_another_organisation_cannot_be_changed_through_ones_own_organisation()
    {
        var victim = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var victimMembership = await world.AddMemberAsync(victim.Id, member, berichtsheftRoles: "auszubildender");
        var own = await world.CreateOrganisationAsync();
        using var attacker = await world.LoggedInAsync(own.AdminUserName);
        var page = await attacker.PageAsync(MembersPath(own.Id));
        var azubi = await world.RoleIdAsync("auszubildender");

        foreach (var handler in new[] { "Roles", "Administrator", "Remove" })
        {
            var values = new Dictionary<string, string>(Choice(azubi, yes: false)) { ["membershipId"] = victimMembership.ToString(), ["held"] = azubi.ToString() };
            var outcome = await attacker.AfterAsync(attacker.PostAsync(page, MemberSelector(own.AdminMembershipId, handler), values));
            Assert.Contains("gehört der Organisation nicht mehr an", Status(outcome), StringComparison.Ordinal);
        }

        Assert.Equal(["auszubildender"], await world.RolesOfAsync(victim.Id, member));
        Assert.False((await world.MembershipAsync(victim.Id, member))!.IsAdministrator);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login()
    {
        var victim = await world.CreateOrganisationAsync();
        using var anonymous = new BrowserSession(world.ProviderUrl);
        foreach (var path in Paths(victim.Id))
        {
            var response = await anonymous.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/anmelden", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Every page under the organisation path that only its administrators use (the request details with a real request: RequestAccessTests).</summary>
    private static string[] Paths(Guid organisationId) =>
    [
        $"organisationen/{organisationId}",
        $"organisationen/{organisationId}/mitglieder",
        $"organisationen/{organisationId}/mitglieder?q=Test",
        $"organisationen/{organisationId}/einladungen/neu",
        $"organisationen/{organisationId}/protokoll",
        $"organisationen/{organisationId}/daten",
        $"organisationen/{organisationId}/daten/aendern",
        $"organisationen/{organisationId}/neues-passwort",
        $"organisationen/{organisationId}/loeschen",
        $"organisationen/{organisationId}/anfragen",
        $"organisationen/{organisationId}/anfragen/{Guid.NewGuid()}",
    ];

    private async Task AssertNoAccessAsync(Func<TestOrganisation, string, Task<(string UserName, Guid OwnOrganisation, Guid OwnMembership)>> attackerFor)
    {
        var victim = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var memberMembership = await world.AddMemberAsync(victim.Id, member, berichtsheftRoles: "auszubildender");
        using (var admin = await world.LoggedInAsync(victim.AdminUserName))
        {
            var form = await admin.PageAsync($"organisationen/{victim.Id}/einladungen/neu");
            await admin.AfterAsync(admin.PostAsync(form, "#einladung", new Dictionary<string, string>
            {
                ["Input.Email"] = "eingeladen-" + Guid.NewGuid().ToString("N")[..8] + "@example.org",
                ["Input.Roles"] = (await world.RoleIdAsync("auszubildender")).ToString(),
            }));
        }

        var invitationId = await world.WithDatabaseAsync((db, _) => db.Invitations.Where(i => i.OrganisationId == victim.Id).Select(i => i.Id).SingleAsync());
        var auditBefore = (await world.AuditOfAsync(victim.Id)).Count;
        var (attackerName, ownOrganisation, ownMembership) = await attackerFor(victim, member);
        using var attacker = await world.LoggedInAsync(attackerName);

        foreach (var path in Paths(victim.Id))
        {
            var response = await attacker.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(victim.Firmierung, html, StringComparison.Ordinal);
            Assert.DoesNotContain(member, html, StringComparison.Ordinal);
        }

        // Real forms of the attacker's own organisation (valid antiforgery tokens), aimed at the victim organisation.
        var members = await attacker.PageAsync(MembersPath(ownOrganisation));
        var administration = await attacker.PageAsync($"organisationen/{ownOrganisation}");
        var invite = await attacker.PageAsync($"organisationen/{ownOrganisation}/einladungen/neu");
        var token = members.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var azubi = await world.RoleIdAsync("auszubildender");
        var posts = new (string Path, Dictionary<string, string> Fields)[]
        {
            ($"organisationen/{victim.Id}/mitglieder?handler=Roles", new() { ["membershipId"] = memberMembership.ToString(), ["held"] = azubi.ToString(), [$"roles[{azubi}]"] = "false" }),
            ($"organisationen/{victim.Id}/mitglieder?handler=Administrator", new() { ["membershipId"] = memberMembership.ToString(), ["administrator"] = "true" }),
            ($"organisationen/{victim.Id}/mitglieder?handler=Administrator", new() { ["membershipId"] = victim.AdminMembershipId.ToString(), ["administrator"] = "false" }),
            ($"organisationen/{victim.Id}/mitglieder?handler=Remove", new() { ["membershipId"] = memberMembership.ToString() }),
            ($"organisationen/{victim.Id}/einladungen/neu", new() { ["Input.Email"] = "fremd@example.org", ["Input.Roles"] = azubi.ToString() }),
            ($"organisationen/{victim.Id}?handler=Revoke", new() { ["invitationId"] = invitationId.ToString() }),
            ($"organisationen/{victim.Id}?handler=Resend", new() { ["invitationId"] = invitationId.ToString() }),
        };
        Assert.NotNull(administration.Document.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.NotNull(invite.Document.QuerySelector("input[name=__RequestVerificationToken]"));
        foreach (var (path, fields) in posts)
        {
            fields["__RequestVerificationToken"] = token;
            using var content = new FormUrlEncodedContent(fields);
            var response = await attacker.Http.PostAsync(path, content);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(victim.Firmierung, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["auszubildender"], await world.RolesOfAsync(victim.Id, member));
        Assert.False((await world.MembershipAsync(victim.Id, member))!.IsAdministrator);
        Assert.True((await world.MembershipAsync(victim.Id, victim.AdminUserName))!.IsAdministrator);
        Assert.Equal(auditBefore, (await world.AuditOfAsync(victim.Id)).Count);
        var invitation = await world.WithDatabaseAsync((db, _) => db.Invitations.AsNoTracking().SingleAsync(i => i.Id == invitationId));
        Assert.Null(invitation.RevokedAt);
        Assert.Equal(1, invitation.SendCount);
        Assert.Equal(1, await world.WithDatabaseAsync((db, _) => db.Invitations.CountAsync(i => i.OrganisationId == victim.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AdministrationAccessTestsOnSqlite(SqliteWorld world) : AdministrationAccessTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class AdministrationAccessTestsOnPostgreSql(PostgreSqlWorld world) : AdministrationAccessTests(world);
