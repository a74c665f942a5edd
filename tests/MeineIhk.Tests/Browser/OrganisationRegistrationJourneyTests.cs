using System.Net;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberDirectory;
using MeineIhk.Tests.Features.ChamberStaff.Letters;
using MeineIhk.Tests.Features.ChamberStaff.MemberRegister;
using MeineIhk.Tests.Features.ChamberStaff.Review;
using MeineIhk.Tests.Features.Operations;
using MeineIhk.Tests.Features.Organisations.Activate;
using MeineIhk.Tests.Features.Organisations.CompanyData;
using MeineIhk.Tests.Features.Organisations.Register;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// Chapter 3 end to end over HTTP, across both sides: a user requests an organisation, only the staff of
/// the chamber of its postal code see it, they approve it, the letter's PDF holds the password, and the
/// user activates the organisation with it and administers it.
/// </summary>
public abstract class OrganisationRegistrationJourneyTests(TestWorld world)
{
    private const string Ostfriesland = "102";

    [Fact]
    public async Task Request_review_letter_and_activation_make_the_requester_administrator()
    {
        var identnummer = TestDataBuilder.NewIdentnummer();
        var firmierung = "Deichbau " + identnummer + " GmbH";
        var requester = await world.CreateUserAsync();
        var ownStaff = await StaffAsync(Ostfriesland);
        var otherStaff = await StaffAsync(TestDataBuilder.AachenKammernummer);
        await RegisterEntryAsync(Ostfriesland, identnummer, firmierung);

        // The company side: two steps, the chamber follows from the postal code.
        using var user = await world.LoggedInAsync(requester);
        var form = await user.PageAsync("organisationen/neu");
        var summary = await HtmlPage.ReadAsync(await user.PostAsync(form, "form[action*='handler=Next']", new Dictionary<string, string>
        {
            ["Input.Firmierung"] = firmierung, ["Input.Rechtsform"] = "GmbH", ["Input.Strasse"] = "Am Deich",
            ["Input.Hausnummer"] = "3", ["Input.Plz"] = "26789", ["Input.Ort"] = "Leer", ["Input.Identnummer"] = "",
            ["Input.HrNummer"] = "", ["Input.Registergericht"] = "", ["Input.Registerart"] = "", ["Input.Begruendung"] = "Wir bilden aus.",
        }));
        await user.FollowAsync(await user.PostAsync(summary, "#inhalt form[method=post]", handler: "Submit"));
        var requestId = await world.QueryAsync(db => db.Organisations.Where(o => o.Firmierung == firmierung).Select(o => o.Id).SingleAsync());

        // Only the chamber of the postal code sees the request.
        using (var other = await world.LoggedInAsync(otherStaff))
        {
            Assert.DoesNotContain(firmierung, (await other.PageAsync("/kammer")).Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await other.PageAsync($"/kammer/antraege/{requestId}")).Status);
        }

        using var staff = await world.LoggedInAsync(ownStaff);
        Assert.Contains(firmierung, (await staff.PageAsync("/kammer")).Html, StringComparison.Ordinal);
        await ChamberReviewTests.ApproveAsync(staff, requestId);

        // The letter for the print run holds the password; its text is read back from the PDF.
        var (letterId, password) = await world.WithDatabaseAsync(async (db, services) =>
        {
            var letter = await db.ActivationLetters.AsNoTracking().SingleAsync(l => l.OrganisationId == requestId);
            return (letter.Id, services.GetRequiredService<ActivationLetterIssuer>().RevealPassword(letter)!);
        });
        var pdf = await staff.Http.GetAsync($"/kammer/briefe/{letterId}/pdf");
        var text = Assert.Single(ChamberScenario.PdfPages(await pdf.Content.ReadAsByteArrayAsync()));
        Assert.Contains(password, text, StringComparison.Ordinal);
        Assert.Contains(identnummer, text, StringComparison.Ordinal);

        // The holder of the letter activates the organisation and becomes its administrator.
        var activate = await user.PageAsync("organisationen/aktivieren");
        var activated = (await user.FollowAsync(await user.PostAsync(activate, "#inhalt form[method=post]", new Dictionary<string, string>
        {
            ["Input.Identnummer"] = identnummer, ["Input.Kammernummer"] = Ostfriesland, ["Input.Passwort"] = password,
        }))).RequiredPage;
        Assert.Equal($"/organisationen/{requestId}/daten", activated.RequestUri.AbsolutePath);

        var organisation = await world.QueryAsync(db => db.Organisations.Include(o => o.Memberships).ThenInclude(m => m.User).SingleAsync(o => o.Id == requestId));
        Assert.Equal(OrganisationStatus.Active, organisation.Status);
        var administrator = Assert.Single(organisation.Memberships);
        Assert.Equal(requester, administrator.User.UserName);
        Assert.True(administrator.IsAdministrator);
        Assert.Equal(HttpStatusCode.OK, (await user.PageAsync($"/organisationen/{requestId}/mitglieder")).Status);
    }

    private async Task<string> StaffAsync(string kammernummer)
    {
        var userName = await world.CreateUserAsync();
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            var chamber = await db.Chambers.SingleAsync(c => c.Kammernummer == kammernummer);
            db.ChamberStaff.Add(new ChamberStaffMember { UserId = user.Id, ChamberId = chamber.Id, GrantedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        return userName;
    }

    private Task RegisterEntryAsync(string kammernummer, string identnummer, string firmierung) =>
        world.WithDatabaseAsync(async db =>
        {
            var chamber = await db.Chambers.SingleAsync(c => c.Kammernummer == kammernummer);
            var entry = TestDataBuilder.RegisterEntry(chamber.Id, identnummer, firmierung);
            (entry.Strasse, entry.Hausnummer, entry.Plz, entry.Ort) = ("Am Deich", "3", "26789", "Leer");
            db.MemberRegister.Add(entry);
            await db.SaveChangesAsync();
        });
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationRegistrationJourneyTestsOnSqlite(SqliteWorld world) : OrganisationRegistrationJourneyTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class OrganisationRegistrationJourneyTestsOnPostgreSql(PostgreSqlWorld world) : OrganisationRegistrationJourneyTests(world);
