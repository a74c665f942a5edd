using System.Net;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Features.ChamberStaff.MemberRegister;
using MeineIhk.Tests.Features.ChamberStaff.Review;
using MeineIhk.Tests.Features.Operations;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;


using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.ChamberStaff.Letters;

/// <summary>The letter outbox: letters printed in one batch, then marked sent, which erases their passwords.</summary>
public abstract class LetterOutboxTests(TestWorld world)
{
    [Fact]
    public async Task A_batch_downloads_as_one_pdf_and_marking_it_sent_erases_the_passwords()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("5101", "Erste Brief GmbH", management: "Frau Erste");
        await scenario.AddRegisterEntryAsync("5102", "Zweite Brief GmbH", management: "Herr Zweiter");
        var (first, _) = await scenario.CreateRequestAsync("Erste Brief GmbH");
        var (second, _) = await scenario.CreateRequestAsync("Zweite Brief GmbH");
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());
        await ChamberReviewTests.ApproveAsync(staff, first);
        await ChamberReviewTests.ApproveAsync(staff, second);
        var (firstLetter, firstPassword) = Assert.Single(await scenario.LettersAsync(first));
        var (secondLetter, secondPassword) = Assert.Single(await scenario.LettersAsync(second));

        var outbox = await staff.PageAsync("/kammer/briefe");
        Assert.Contains("Erste Brief GmbH", outbox.Html, StringComparison.Ordinal);
        Assert.Contains("nicht noch einmal mit Passwort heruntergeladen", outbox.Html, StringComparison.Ordinal);

        var download = outbox.Form("#briefe");
        var pdf = await staff.SubmitAsync((download.Method, new Uri(world.ProviderUrl, "/kammer/briefe?handler=Download"), download.Fields));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var pages = ChamberScenario.PdfPages(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, pages.Count);
        Assert.Contains(pages, p => p.Contains(firstPassword!, StringComparison.Ordinal) && p.Contains("Frau Erste", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Contains(secondPassword!, StringComparison.Ordinal) && p.Contains("Herr Zweiter", StringComparison.Ordinal));

        var sent = (await staff.FollowAsync(await staff.SubmitAsync((download.Method, new Uri(world.ProviderUrl, "/kammer/briefe?handler=Sent"), download.Fields)))).RequiredPage;
        Assert.Contains("2 Briefe sind als versendet markiert", sent.Html, StringComparison.Ordinal);
        Assert.Contains("keine unversendeten Briefe", sent.Html, StringComparison.Ordinal);

        foreach (var (letter, password) in (await scenario.LettersAsync(first)).Concat(await scenario.LettersAsync(second)))
        {
            Assert.NotNull(letter.SentAt);
            Assert.Null(letter.ProtectedPassword);
            Assert.Null(password);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync($"/kammer/briefe/{firstLetter.Id}/pdf")).StatusCode);
        Assert.Equal(2, (await scenario.AuditAsync(AuditAction.LetterSent)).Count);
        Assert.NotEqual(firstLetter.Id, secondLetter.Id);
    }

    [Fact]
    public async Task Marking_without_a_selection_asks_for_one_and_changes_nothing()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("5201", "Auswahl GmbH");
        var (request, _) = await scenario.CreateRequestAsync("Auswahl GmbH");
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());
        await ChamberReviewTests.ApproveAsync(staff, request);

        var outbox = await staff.PageAsync("/kammer/briefe");
        var form = outbox.Form("#briefe");
        var fields = form.Fields.Where(f => f.Key != "Selected").ToList();
        var refused = await HtmlPage.ReadAsync(await staff.SubmitAsync((form.Method, new Uri(world.ProviderUrl, "/kammer/briefe?handler=Sent"), fields)));

        Assert.Contains("mindestens einen Brief", refused.Html, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await scenario.LettersAsync(request)).Password);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LetterOutboxTestsOnSqlite(SqliteWorld world) : LetterOutboxTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class LetterOutboxTestsOnPostgreSql(PostgreSqlWorld world) : LetterOutboxTests(world);
