using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// Issue 15, hardening: every page or file with a secret or personal data is served with <c>Cache-Control: no-store</c>
/// (ASVS 5.0 14.3.2), so no browser cache or proxy keeps the activation password, a client secret or the data export.
/// </summary>
public abstract class NoStoreTests(TestWorld world)
{
    /// <summary>The pages of an ordinary account: its data, the export, the password and the further addresses.</summary>
    public static readonly string[] AccountPages = ["/", "konto", "konto/export", "konto/passwort", "konto/loeschen", "konto/sperren", "konto/zugriffe", "anwendungen/neu"];

    [Fact]
    public async Task Account_pages_the_data_export_and_the_one_time_secret_page_are_not_stored()
    {
        using var browser = await world.LoggedInAsync(await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId));
        foreach (var path in AccountPages)
        {
            var response = await browser.Http.GetAsync(path);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path} ({(int)response.StatusCode}) lacks Cache-Control: no-store");
        }
    }

    [Fact]
    public async Task The_letter_PDF_with_the_activation_password_is_not_stored()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        var letterId = await world.QueryAsync(db => db.ActivationLetters.Where(l => l.OrganisationId == organisation.Id).Select(l => l.Id).SingleAsync());
        using var staff = await world.LoggedInAsync("kammer");

        var pdf = await staff.Http.GetAsync($"kammer/briefe/{letterId}/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.True(pdf.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Pages_with_links_from_mails_are_not_stored()
    {
        using var browser = new BrowserSession(world.ProviderUrl);
        foreach (var path in new[] { "email-aenderung-widerrufen?token=x", "passwort-zuruecksetzen?user=x&code=x", "email-bestaetigen?user=x&code=x", "einladungen/annehmen?token=x" })
        {
            var response = await browser.Http.GetAsync(path);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path} lacks Cache-Control: no-store");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NoStoreTestsOnSqlite(SqliteWorld world) : NoStoreTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class NoStoreTestsOnPostgreSql(PostgreSqlWorld world) : NoStoreTests(world);
