using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Seeding;

/// <summary>
/// The chamber side of the demo: a staff member of IHK Aachen (`kammer`), a SAMPLE member register for both
/// demo chambers (invented companies, not real data) and one registration request waiting for review.
/// Seeded once, beside the demo world.
/// </summary>
internal static class DemoChamberData
{
    public const string StaffUserName = "kammer";
    public const string RequesterUserName = "antrag";

    public static async Task SeedAsync(ApplicationDbContext db, UserManager<ApplicationUser> users, string password, DateTime now, CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(StaffUserName) is not null)
        {
            return;
        }

        var aachen = await db.Chambers.SingleOrDefaultAsync(c => c.Kammernummer == DemoCatalogue.AachenKammernummer, cancellationToken);
        var ostfriesland = await db.Chambers.SingleOrDefaultAsync(c => c.Kammernummer == DemoCatalogue.OstfrieslandKammernummer, cancellationToken);
        if (aachen is null || ostfriesland is null)
        {
            return;
        }

        var staff = (new ApplicationUser { UserName = StaffUserName, Email = "kammer@example.org", EmailConfirmed = true, GivenName = "Karla", FamilyName = "Kammer", Anrede = Anrede.Frau, CreatedAt = now });
        await Create(users, staff, password);
        db.ChamberStaff.Add(new ChamberStaffMember { UserId = staff.Id, ChamberId = aachen.Id, GrantedAt = now });

        var requester = (new ApplicationUser { UserName = RequesterUserName, Email = "antrag@example.org", EmailConfirmed = true, GivenName = "Anton", FamilyName = "Antrag", Anrede = Anrede.Herr, CreatedAt = now });
        await Create(users, requester, password);

        db.MemberRegister.AddRange(
            Entry(aachen, "11", "Spiel- und Spaß GmbH", "GmbH", "Musterstraße", "1", "52062", "Aachen", "HRB 1111", "Frau Gisela Spaß", now),
            Entry(aachen, "12345", "Beispiel Bäckerei GmbH", "GmbH", "Pontstraße", "10", "52062", "Aachen", "HRB 4711", "Herr Bernd Bäcker", now, ("Markt", "1", "52062", "Aachen")),
            Entry(aachen, "23456", "Muster Maschinenbau AG", "AG", "Jülicher Straße", "200", "52070", "Aachen", "HRB 9999", "Vorstand", now),
            Entry(ostfriesland, "4711", "Musterbau GmbH & Co. KG", "GmbH & Co. KG", "Hafenstraße", "12", "26721", "Emden", "HRA 200", "Herr Hinrich Muster", now),
            Entry(ostfriesland, "5000", "Nordsee Logistik GmbH", "GmbH", "Am Delft", "3", "26721", "Emden", "HRB 300", "Geschäftsführung", now));

        // A request to review: the data differ a little from the register (house number), as in real life.
        db.Organisations.Add(new Organisation
        {
            Firmierung = "Beispiel Bäckerei GmbH", Rechtsform = "GmbH", Strasse = "Pontstraße", Hausnummer = "10a", Plz = "52062", Ort = "Aachen",
            HrNummer = "HRB 4711", ChamberId = aachen.Id, Status = OrganisationStatus.Requested, RequestedByUserId = requester.Id,
            Begruendung = "Wir bilden ab dem Sommer zwei Auszubildende aus.", CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task Create(UserManager<ApplicationUser> users, ApplicationUser user, string password)
    {
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo user " + user.UserName + ": " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }

    private static MemberRegisterEntry Entry(
        Chamber chamber, string ident, string firmierung, string rechtsform, string strasse, string hausnummer, string plz, string ort,
        string hrNummer, string management, DateTime now, (string Strasse, string Hausnummer, string Plz, string Ort)? managementAddress = null) => new()
    {
        ChamberId = chamber.Id,
        Identnummer = ident,
        Firmierung = firmierung,
        Rechtsform = rechtsform,
        Strasse = strasse,
        Hausnummer = hausnummer,
        Plz = plz,
        Ort = ort,
        HrNummer = hrNummer,
        Registergericht = "Amtsgericht " + ort,
        Registerart = hrNummer[..3],
        GeschaeftsfuehrungName = management,
        GeschaeftsfuehrungStrasse = managementAddress?.Strasse ?? strasse,
        GeschaeftsfuehrungHausnummer = managementAddress?.Hausnummer ?? hausnummer,
        GeschaeftsfuehrungPlz = managementAddress?.Plz ?? plz,
        GeschaeftsfuehrungOrt = managementAddress?.Ort ?? ort,
        ImportedAt = now,
    };
}
