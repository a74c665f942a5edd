using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Infrastructure.TestData;

/// <summary>An organisation approved by its chamber, with the password of its current, unsent letter.</summary>
public sealed record ApprovedOrganisation(Guid Id, string Firmierung, string Identnummer, string Kammernummer, string Password);

/// <summary>Organisations on the chamber's path: approved with a letter, then activated with it.</summary>
public static partial class TestDataBuilder
{
    /// <summary>
    /// What the chamber side does on approval: the organisation (Status Approved, in IHK Aachen), its entry in
    /// the member register and an activation letter from <see cref="ActivationLetterIssuer"/>.
    /// </summary>
    public static Task<ApprovedOrganisation> CreateApprovedOrganisationAsync(this TestWorld world, string? requesterUserName = null) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            var identnummer = NewIdentnummer();
            var chamber = await db.Chambers.SingleAsync(c => c.Kammernummer == AachenKammernummer);
            var requester = requesterUserName is null ? null : await db.Users.SingleAsync(u => u.UserName == requesterUserName);
            var organisation = new Organisation
            {
                Firmierung = "Testfirma " + identnummer + " GmbH", Rechtsform = "GmbH", Strasse = "Teststraße", Hausnummer = "1", Plz = "52062", Ort = "Aachen",
                ChamberId = chamber.Id, Status = OrganisationStatus.Requested, RequestedByUserId = requester?.Id, Begruendung = "Test", CreatedAt = world.Now,
            };
            db.Organisations.Add(organisation);
            var entry = RegisterEntry(chamber.Id, identnummer, organisation.Firmierung);
            db.MemberRegister.Add(entry);
            var staff = requester ?? await db.Users.FirstAsync();
            organisation.Approve(identnummer, staff.Id, DateTime.UtcNow);
            var letter = await services.GetRequiredService<ActivationLetterIssuer>()
                .IssueAsync(organisation, entry, ActivationLetterReason.Approval, staff, CancellationToken.None);
            await db.SaveChangesAsync();
            var password = services.GetRequiredService<ActivationLetterIssuer>().RevealPassword(letter)!;
            return new ApprovedOrganisation(organisation.Id, organisation.Firmierung, identnummer, AachenKammernummer, password);
        });

    /// <summary>An organisation approved and then activated with its letter by a fresh user, who becomes its administrator.</summary>
    public static async Task<(ApprovedOrganisation Organisation, string Administrator)> CreateActiveOrganisationAsync(this TestWorld world)
    {
        var administrator = await world.CreateUserAsync();
        var organisation = await world.CreateApprovedOrganisationAsync(administrator);
        await world.WithDatabaseAsync(async db =>
        {
            var stored = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Id == organisation.Id);
            var letter = await db.ActivationLetters.SingleAsync(l => l.OrganisationId == organisation.Id);
            var user = await db.Users.SingleAsync(u => u.UserName == administrator);
            letter.MarkUsed(user.Id, DateTime.UtcNow);
            stored.Activate(user, world.Now);
            await db.SaveChangesAsync();
        });
        return (organisation, administrator);
    }

    public static MemberRegisterEntry RegisterEntry(int chamberId, string identnummer, string firmierung) => new()
    {
        ChamberId = chamberId, Identnummer = identnummer, Firmierung = firmierung, Rechtsform = "GmbH",
        Strasse = "Teststraße", Hausnummer = "1", Plz = "52062", Ort = "Aachen",
        GeschaeftsfuehrungName = "Geschäftsführung", GeschaeftsfuehrungStrasse = "Teststraße", GeschaeftsfuehrungHausnummer = "1",
        GeschaeftsfuehrungPlz = "52062", GeschaeftsfuehrungOrt = "Aachen", ImportedAt = DateTime.UtcNow,
    };
}
