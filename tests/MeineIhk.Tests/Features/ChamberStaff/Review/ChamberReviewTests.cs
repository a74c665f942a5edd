using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Features.ChamberStaff.Letters;
using MeineIhk.Tests.Features.ChamberStaff.MemberRegister;
using MeineIhk.Tests.Features.Operations;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;


using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.ChamberStaff.Review;

/// <summary>Chapter 3, the chamber's side: the review queue, approval with the activation letter, rejection, and who may see what.</summary>
public abstract class ChamberReviewTests(TestWorld world)
{
    [Fact]
    public async Task Staff_see_the_requests_of_their_own_chamber_only()
    {
        var mine = await ChamberScenario.CreateAsync(world);
        var other = await ChamberScenario.CreateAsync(world);
        await mine.CreateRequestAsync("Eigene Anfrage GmbH");
        await other.CreateRequestAsync("Fremde Anfrage GmbH");
        using var staff = await world.LoggedInAsync(await mine.CreateStaffAsync());

        var queue = await staff.PageAsync("/kammer");

        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.Contains("Eigene Anfrage GmbH", queue.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Fremde Anfrage GmbH", queue.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_of_another_chamber_get_404_on_review_approve_and_letters_and_nothing_changes()
    {
        var mine = await ChamberScenario.CreateAsync(world);
        var other = await ChamberScenario.CreateAsync(world);
        var entry = await mine.AddRegisterEntryAsync("7001", "Geheim GmbH");
        var (requestId, _) = await mine.CreateRequestAsync("Geheim GmbH");
        var (approvedId, _) = await mine.CreateRequestAsync("Schon Frei GmbH");
        await mine.AddRegisterEntryAsync("7002", "Schon Frei GmbH");
        using var ownStaff = await world.LoggedInAsync(await mine.CreateStaffAsync());
        await ApproveAsync(ownStaff, approvedId);
        var letterId = Assert.Single(await mine.LettersAsync(approvedId)).Letter.Id;

        var (otherRequestId, _) = await other.CreateRequestAsync("Eigenes GmbH");
        using var foreignStaff = await world.LoggedInAsync(await other.CreateStaffAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await foreignStaff.PageAsync($"/kammer/antraege/{requestId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await foreignStaff.PageAsync($"/kammer/briefe/{letterId}/pdf")).Status);

        // A real form of their own chamber, aimed at the other chamber's request.
        var ownPage = await foreignStaff.PageAsync($"/kammer/antraege/{otherRequestId}");
        var form = ownPage.Form("#ablehnen", new Dictionary<string, string> { ["Reason"] = "Fremde Entscheidung" });
        var target = new Uri(world.ProviderUrl, $"/kammer/antraege/{requestId}?handler=Reject");
        Assert.Equal(HttpStatusCode.NotFound, (await foreignStaff.SubmitAsync((form.Method, target, form.Fields))).StatusCode);
        var approveFields = form.Fields.Where(f => f.Key != "Reason").Append(KeyValuePair.Create("EntryId", entry.Id.ToString())).ToList();
        Assert.Equal(HttpStatusCode.NotFound, (await foreignStaff.SubmitAsync((form.Method, new Uri(world.ProviderUrl, $"/kammer/antraege/{requestId}?handler=Approve"), approveFields))).StatusCode);

        var letters = await foreignStaff.PageAsync("/kammer/briefe");
        Assert.DoesNotContain("Schon Frei GmbH", letters.Html, StringComparison.Ordinal);
        Assert.Equal(OrganisationStatus.Requested, (await mine.OrganisationAsync(requestId)).Status);
        Assert.Empty(await mine.LettersAsync(requestId));
    }

    [Fact]
    public async Task People_who_are_not_chamber_staff_get_404_on_every_chamber_page()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        var (requestId, _) = await scenario.CreateRequestAsync("Nicht Für Dich GmbH");
        using var member = await world.LoggedInAsync(await world.CreateUserAsync());

        foreach (var path in new[] { "/kammer", $"/kammer/antraege/{requestId}", "/kammer/briefe", "/kammer/verzeichnis", $"/kammer/briefe/{Guid.NewGuid()}/pdf" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await member.PageAsync(path)).Status);
        }

        using var anonymous = new BrowserSession(world.ProviderUrl);
        var response = await anonymous.Http.GetAsync("/kammer");
        Assert.Contains("/anmelden", response.Headers.Location?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_takes_the_Identnummer_from_the_register_and_issues_a_letter_to_the_management_address()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("8123", "Freigabe Werke GmbH", hrNummer: "HRB 555", management: "Herr Max Mustermann");
        await scenario.AddRegisterEntryAsync("8124", "Ganz Andere GmbH", plz: "10115");
        var (requestId, requester) = await scenario.CreateRequestAsync("Freigabe  werke gmbh", hrNummer: "HRB 555", hausnummer: "5a");
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());

        var review = await staff.PageAsync($"/kammer/antraege/{requestId}");
        Assert.Contains("8123", review.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ganz Andere GmbH", review.Html, StringComparison.Ordinal);
        var differing = review.Document.QuerySelectorAll("table.comparison tr.differs th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Hausnummer"], differing); // case and white space of the Firmierung do not count
        Assert.Contains("abweichend", review.Html, StringComparison.Ordinal);

        var done = await staff.AfterAsync(staff.PostAsync(review, "#freigeben"));
        Assert.Contains("ist freigegeben", done.Html, StringComparison.Ordinal);

        var organisation = await scenario.OrganisationAsync(requestId);
        Assert.Equal(OrganisationStatus.Approved, organisation.Status);
        Assert.Equal("8123", organisation.Identnummer);
        var (letter, password) = Assert.Single(await scenario.LettersAsync(requestId));
        Assert.NotNull(password);
        Assert.Equal("Herr Max Mustermann", letter.RecipientName);
        Assert.Single(await scenario.AuditAsync(AuditAction.OrganisationApproved));

        var pdf = await staff.Http.GetAsync($"/kammer/briefe/{letter.Id}/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = Assert.Single(ChamberScenario.PdfPages(await pdf.Content.ReadAsByteArrayAsync()));
        foreach (var expected in new[] { password, "8123", scenario.Kammernummer, "Herr Max Mustermann", "Chefallee 9", "50668 Köln", "Freigabe Werke GmbH", "Organisation aktivieren" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var mail = Assert.Single(await world.Smtp.WaitForAsync(requester + "@example.org"));
        Assert.Equal("Ihre Organisation ist freigegeben", mail.Subject);
        Assert.Contains("unterwegs", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_mails_it_to_the_requester()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        var (requestId, requester) = await scenario.CreateRequestAsync("Abgelehnt GmbH");
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());
        var review = await staff.PageAsync($"/kammer/antraege/{requestId}");
        Assert.Contains("Kein passender Eintrag", review.Html, StringComparison.Ordinal);

        var refused = await HtmlPage(await staff.SubmitAsync(review.Form("#ablehnen", new Dictionary<string, string> { ["Reason"] = "  " })));
        Assert.Contains("Bitte geben Sie eine Begründung", refused.Html, StringComparison.Ordinal);
        Assert.Equal("true", refused.Document.QuerySelector("#Reason")!.GetAttribute("aria-invalid"));
        var tooLong = await HtmlPage(await staff.SubmitAsync(review.Form("#ablehnen", new Dictionary<string, string> { ["Reason"] = new string('x', 501) })));
        Assert.Contains("höchstens 500 Zeichen", tooLong.Html, StringComparison.Ordinal);
        Assert.Equal(OrganisationStatus.Requested, (await scenario.OrganisationAsync(requestId)).Status);

        await staff.AfterAsync(staff.PostAsync(review, "#ablehnen", new Dictionary<string, string> { ["Reason"] = "Kein Mitglied unserer Kammer." }));

        var organisation = await scenario.OrganisationAsync(requestId);
        Assert.Equal(OrganisationStatus.Rejected, organisation.Status);
        Assert.Equal("Kein Mitglied unserer Kammer.", organisation.RejectionReason);
        var mail = Assert.Single(await world.Smtp.WaitForAsync(requester + "@example.org"));
        Assert.Contains("Kein Mitglied unserer Kammer.", mail.TextBody, StringComparison.Ordinal);
        Assert.Single(await scenario.AuditAsync(AuditAction.OrganisationRejected));
    }

    [Fact]
    public async Task Two_staff_deciding_at_once_one_decision_wins_and_the_other_is_told()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("9001", "Wettlauf GmbH");
        var (requestId, requester) = await scenario.CreateRequestAsync("Wettlauf GmbH");
        using var first = await world.LoggedInAsync(await scenario.CreateStaffAsync());
        using var second = await world.LoggedInAsync(await scenario.CreateStaffAsync());
        var firstPage = await first.PageAsync($"/kammer/antraege/{requestId}");
        var secondPage = await second.PageAsync($"/kammer/antraege/{requestId}");

        await first.AfterAsync(first.PostAsync(firstPage, "#freigeben"));
        var late = await second.AfterAsync(second.PostAsync(secondPage, "#ablehnen", new Dictionary<string, string> { ["Reason"] = "Zu spät" }));

        Assert.Contains("bereits von jemand anderem entschieden", late.Html, StringComparison.Ordinal);
        var organisation = await scenario.OrganisationAsync(requestId);
        Assert.Equal(OrganisationStatus.Approved, organisation.Status);
        Assert.Null(organisation.RejectionReason);
        Assert.Single(await scenario.LettersAsync(requestId));
        Assert.Single(await world.Smtp.WaitForAsync(requester + "@example.org"));
        Assert.Empty(await scenario.AuditAsync(AuditAction.OrganisationRejected));
    }

    [Fact]
    public async Task Approving_a_data_change_replaces_the_organisations_data_and_rejecting_keeps_it()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        var administrator = await world.CreateUserAsync("admin");
        var (changeId, organisationId) = await world.WithDatabaseAsync(async (db, _) =>
        {
            var organisation = new Organisation
            {
                CreatedAt = world.Now,
                Firmierung = "Alter Name GmbH", Rechtsform = "GmbH", Strasse = "Altweg", Hausnummer = "1", Plz = "50667", Ort = "Köln",
                Identnummer = "6001", ChamberId = scenario.Chamber.Id, Status = OrganisationStatus.Active,
            };
            var user = await db.Users.SingleAsync(u => u.UserName == administrator);
            organisation.AddMember(user, isAdministrator: true, world.Now);
            var change = new OrganisationDataChange
            {
                Organisation = organisation, Firmierung = "Neuer Name GmbH", Rechtsform = "GmbH", Strasse = "Neuweg", Hausnummer = "2", Plz = "50667", Ort = "Köln",
                RequestedByUserId = user.Id, RequestedAt = DateTime.UtcNow,
            };
            db.Organisations.Add(organisation);
            db.OrganisationDataChanges.Add(change);
            await db.SaveChangesAsync();
            return (change.Id, organisation.Id);
        });
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());

        var queue = await staff.PageAsync("/kammer");
        Assert.Contains($"/kammer/aenderungen/{changeId}", queue.Html, StringComparison.Ordinal);
        var review = await staff.PageAsync($"/kammer/aenderungen/{changeId}");
        Assert.Contains("Neuer Name GmbH", review.Html, StringComparison.Ordinal);
        await staff.AfterAsync(staff.PostAsync(review, "#freigeben"));

        var organisation = await scenario.OrganisationAsync(organisationId);
        Assert.Equal(("Neuer Name GmbH", "Neuweg", "2"), (organisation.Firmierung, organisation.Strasse, organisation.Hausnummer));
        Assert.Equal("Die Änderung Ihrer Organisationsdaten ist freigegeben", Assert.Single(await world.Smtp.WaitForAsync(administrator + "@example.org")).Subject);
        Assert.Single(await scenario.AuditAsync(AuditAction.OrganisationDataChangeApproved));

        var again = await staff.AfterAsync(staff.PostAsync(review, "#ablehnen", new Dictionary<string, string> { ["Reason"] = "Doch nicht" }));
        Assert.Contains("bereits von jemand anderem entschieden", again.Html, StringComparison.Ordinal);
        Assert.Equal("Neuer Name GmbH", (await scenario.OrganisationAsync(organisationId)).Firmierung);
    }

    internal static async Task ApproveAsync(BrowserSession staff, Guid requestId)
    {
        var review = await staff.PageAsync($"/kammer/antraege/{requestId}");
        var radio = (IHtmlInputElement)review.Document.QuerySelector("#freigeben input[name=EntryId]")!;
        var done = await staff.AfterAsync(staff.PostAsync(review, "#freigeben", new Dictionary<string, string> { ["EntryId"] = radio.Value }));
        Assert.Contains("ist freigegeben", done.Html, StringComparison.Ordinal);
    }

    private static Task<Infrastructure.Http.HtmlPage> HtmlPage(HttpResponseMessage response) => Infrastructure.Http.HtmlPage.ReadAsync(response);
}

[Collection(SqliteCollection.Name)]
public sealed class ChamberReviewTestsOnSqlite(SqliteWorld world) : ChamberReviewTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ChamberReviewTestsOnPostgreSql(PostgreSqlWorld world) : ChamberReviewTests(world);
