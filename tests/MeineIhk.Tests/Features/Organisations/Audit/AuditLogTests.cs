using System.Net;
using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;

namespace MeineIhk.Tests.Features.Organisations.Audit;

/// <summary>Issue 18, point 4: the organisation's log in people's words, filtered, as CSV, with deleted people pseudonymised.</summary>
public abstract partial class AuditLogTests(TestWorld world)
{
    [Fact]
    public async Task The_log_names_roles_and_applications_shows_no_identifiers_and_calls_a_deleted_person_so()
    {
        var (organisation, member, admin) = await OrganisationWithHistoryAsync();

        var log = await admin.PageAsync($"organisationen/{organisation.Id}/protokoll");
        var text = log.Document.QuerySelector("table")!.TextContent;
        Assert.Contains("Rolle zugewiesen", text, StringComparison.Ordinal);
        Assert.Contains("Digitales Berichtsheft: Auszubildende(r)", text, StringComparison.Ordinal);
        Assert.Contains("Einladung versendet", text, StringComparison.Ordinal);
        Assert.Contains("gelöschte Person", text, StringComparison.Ordinal);
        Assert.DoesNotContain(member, text, StringComparison.Ordinal);
        Assert.DoesNotContain("auszubildender", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(Guid(), text);
    }

    [Fact]
    public async Task The_administrator_filters_by_kind_and_period_and_downloads_the_same_rows_as_CSV()
    {
        var (organisation, _, admin) = await OrganisationWithHistoryAsync();
        var path = $"organisationen/{organisation.Id}/protokoll";

        var invitations = (await admin.PageAsync(path + "?art=einladungen")).Document.QuerySelector("table")!.TextContent;
        Assert.Contains("Einladung versendet", invitations, StringComparison.Ordinal);
        Assert.DoesNotContain("Rolle zugewiesen", invitations, StringComparison.Ordinal);
        var tomorrow = world.Now.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Noch keine Einträge.", (await admin.PageAsync($"{path}?von={tomorrow}")).Html, StringComparison.Ordinal);

        var csv = await admin.Http.GetAsync(path + "?handler=Csv&art=rollen");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var body = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("\"Wann\";\"Wer\";\"Was\";\"Für wen\";\"Einzelheiten\"", body.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\"Rolle zugewiesen\";\"gelöschte Person\";\"Digitales Berichtsheft: Auszubildende(r)\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Einladung versendet", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(Guid(), body);
    }

    [Fact]
    public async Task A_member_who_is_not_an_administrator_gets_neither_the_log_nor_its_CSV()
    {
        var (organisation, _, _) = await OrganisationWithHistoryAsync();
        var other = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, other);
        using var browser = await world.LoggedInAsync(other);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"organisationen/{organisation.Id}/protokoll")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"organisationen/{organisation.Id}/protokoll?handler=Csv")).StatusCode);
    }

    /// <summary>An organisation whose administrator gave a member a role and sent an invitation; then the member deleted their account.</summary>
    private async Task<(TestOrganisation Organisation, string Member, BrowserSession Admin)> OrganisationWithHistoryAsync()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"),
            Choice(await world.RoleIdAsync("auszubildender"), yes: true)));
        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync($"organisationen/{organisation.Id}/einladungen/neu"), "#einladung", new Dictionary<string, string>
        {
            ["Input.Email"] = "protokoll-" + System.Guid.NewGuid().ToString("N")[..8] + "@example.org",
            ["Input.Roles"] = (await world.RoleIdAsync("auszubildender")).ToString(),
        }));
        using (var leaving = await world.LoggedInAsync(member))
        {
            var form = await leaving.PageAsync("konto/loeschen");
            await leaving.SubmitAsync(form.Form("#inhalt form[method=post]", new Dictionary<string, string> { ["Password"] = TestWorld.Password }));
        }

        Assert.False(await world.QueryAsync(db => db.Users.AnyAsync(u => u.UserName == member)));
        return (organisation, member, admin);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}

[Collection(SqliteCollection.Name)]
public sealed class AuditLogTestsOnSqlite(SqliteWorld world) : AuditLogTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class AuditLogTestsOnPostgreSql(PostgreSqlWorld world) : AuditLogTests(world);
