using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Join;

/// <summary>Issue 18 item 8: a PLZ of the wrong form is a format error of that field, not "keine Organisation gefunden".</summary>
public abstract class JoinPostalCodeTests(TestWorld world)
{
    [Theory]
    [InlineData("5206")]
    [InlineData("520621")]
    [InlineData("52O62")]
    public async Task A_postal_code_that_is_not_five_digits_is_a_format_error_of_its_field(string plz)
    {
        var organisation = await world.CreateOrganisationAsync();
        using var browser = await world.LoggedInAsync(await world.CreateUserAsync());

        var form = await browser.PageAsync("organisationen/beitreten");
        var page = await browser.AfterAsync(browser.PostAsync(form, "#join-form",
            TestDataBuilder.JoinValues(organisation.Firmierung, organisation.Strasse, organisation.Hausnummer, plz)));

        Assert.Contains("Die PLZ besteht aus genau fünf Ziffern.", page.Html, StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector("#Input_Plz")!.GetAttribute("aria-invalid"));
        Assert.DoesNotContain("keine Organisation", page.Html, StringComparison.OrdinalIgnoreCase);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class JoinPostalCodeTestsOnSqlite(SqliteWorld world) : JoinPostalCodeTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class JoinPostalCodeTestsOnPostgreSql(PostgreSqlWorld world) : JoinPostalCodeTests(world);
