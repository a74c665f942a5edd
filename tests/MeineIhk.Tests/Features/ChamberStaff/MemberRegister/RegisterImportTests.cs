using System.Net;
using System.Net.Http.Headers;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberStaff.Letters;
using MeineIhk.Tests.Features.ChamberStaff.Review;
using MeineIhk.Tests.Features.Operations;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.ChamberStaff.MemberRegister;

/// <summary>The member register upload: a whole file or nothing, with errors by line and column.</summary>
public abstract class RegisterImportTests(TestWorld world)
{
    [Fact]
    public async Task A_good_file_replaces_the_register_keeping_entries_by_Identnummer()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        var kept = await scenario.AddRegisterEntryAsync("100", "Alt und Bleibt GmbH");
        await scenario.AddRegisterEntryAsync("200", "Fällt Weg GmbH");
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());

        var done = await UploadAsync(staff, ChamberScenario.Csv(
            "100;Alt und Bleibt GmbH;GmbH;Domstraße;7;50667;Köln;HRB 1;Amtsgericht Köln;HRB;Frau Neu;;;;",
            "300;\"Neu; mit Semikolon GmbH\";GmbH;Ringstraße;1;50668;Köln;;;;;Postfach;12;50669;Köln"));

        Assert.Contains("2 Einträge eingelesen: 1 neu, 1 aktualisiert, 1 entfernt.", done.Html, StringComparison.Ordinal);
        var entries = await world.WithDatabaseAsync(async (db, _) =>
            await db.MemberRegister.AsNoTracking().Where(e => e.ChamberId == scenario.Chamber.Id).OrderBy(e => e.Identnummer).ToListAsync());
        Assert.Equal(["100", "300"], entries.Select(e => e.Identnummer));
        Assert.Equal(kept.Id, entries[0].Id);
        Assert.Equal(("Frau Neu", "Domstraße", "7"), (entries[0].GeschaeftsfuehrungName, entries[0].GeschaeftsfuehrungStrasse, entries[0].GeschaeftsfuehrungHausnummer));
        Assert.Equal(("Neu; mit Semikolon GmbH", "Geschäftsführung", "Postfach", "50669"), (entries[1].Firmierung, entries[1].GeschaeftsfuehrungName, entries[1].GeschaeftsfuehrungStrasse, entries[1].GeschaeftsfuehrungPlz));
        Assert.Single(await scenario.AuditAsync(AuditAction.RegisterImported));
    }

    [Fact]
    public async Task A_file_with_bad_rows_reports_line_and_column_and_changes_nothing()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("100", "Bleibt GmbH");
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());

        var refused = await UploadAsync(staff, ChamberScenario.Csv(
            "101;Gut GmbH;GmbH;Weg;1;50667;Köln;;;;;;;;",
            "102;Schlecht GmbH;GmbH;Weg;1;5066;Köln;;;;;;;;",
            ";Ohne Nummer GmbH;GmbH;Weg;1;50667;Köln;;;;;;;;",
            "101;Doppelt GmbH;GmbH;Weg;1;50667;Köln;;;;;Weg;;50667;Köln"));

        var errors = refused.Document.QuerySelectorAll(".register-errors li").Select(li => li.TextContent).ToList();
        Assert.Contains("Zeile 3, Spalte „PLZ“: Die PLZ muss aus fünf Ziffern bestehen.", errors);
        Assert.Contains("Zeile 4, Spalte „Identnummer“: Pflichtfeld ist leer.", errors);
        Assert.Contains("Zeile 5, Spalte „Identnummer“: Die Identnummer kommt in der Datei mehrfach vor.", errors);
        Assert.Contains(errors, e => e.StartsWith("Zeile 5, Spalte „GF-Hausnummer“", StringComparison.Ordinal));
        Assert.Contains("es wurde nichts übernommen", refused.Html, StringComparison.Ordinal);
        var entries = await world.WithDatabaseAsync(async (db, _) => await db.MemberRegister.AsNoTracking().Where(e => e.ChamberId == scenario.Chamber.Id).ToListAsync());
        Assert.Equal("Bleibt GmbH", Assert.Single(entries).Firmierung);
        Assert.Empty(await scenario.AuditAsync(AuditAction.RegisterImported));
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_or_lacks_columns_is_refused()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        using var staff = await world.LoggedInAsync(await scenario.CreateStaffAsync());

        var latin1 = await UploadAsync(staff, [.. ChamberScenario.Csv()[3..^2], (byte)'\n', (byte)'1', (byte)';', 0xFC, (byte)'\n']);
        Assert.Contains("nicht in UTF-8 gespeichert", latin1.Html, StringComparison.Ordinal);
        var columns = await UploadAsync(staff, System.Text.Encoding.UTF8.GetBytes("Identnummer;Firmierung\n1;A GmbH\n"));
        Assert.Contains("Zeile 1, Spalte „PLZ“: Die Spalte fehlt in der Kopfzeile.", columns.Html, StringComparison.Ordinal);
    }

    private static async Task<HtmlPage> UploadAsync(BrowserSession staff, byte[] file)
    {
        var page = await staff.PageAsync("/kammer/verzeichnis");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var form = page.Form("#verzeichnis-import");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields.Where(f => f.Key != "file"))
        {
            content.Add(new StringContent(value), name);
        }

        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(fileContent, "file", "verzeichnis.csv");
        return (await staff.FollowAsync(await staff.Http.PostAsync(form.Action, content))).RequiredPage;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RegisterImportTestsOnSqlite(SqliteWorld world) : RegisterImportTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class RegisterImportTestsOnPostgreSql(PostgreSqlWorld world) : RegisterImportTests(world);
