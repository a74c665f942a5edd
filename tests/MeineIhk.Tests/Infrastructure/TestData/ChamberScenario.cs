using System.Text;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using ChamberEntity = MeineIhk.IdentityProvider.Domain.Chamber;

namespace MeineIhk.Tests.Infrastructure.TestData;

/// <summary>
/// A chamber of its own per test (so that imports and queues of one test never meet another's), with staff,
/// register entries and requests put straight into the database: the request form is another story's page.
/// </summary>
public sealed class ChamberScenario(TestWorld world, ChamberEntity chamber)
{
    public TestWorld World { get; } = world;

    public ChamberEntity Chamber { get; } = chamber;

    public string Kammernummer => Chamber.Kammernummer;

    public static async Task<ChamberScenario> CreateAsync(TestWorld world)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var chamber = new ChamberEntity { Kammernummer = "T" + suffix, Name = "IHK Test " + suffix, Street = "Kammerweg 1", PostalCode = "50667", City = "Köln" };
        await world.WithDatabaseAsync(async db =>
        {
            db.Chambers.Add(chamber);
            await db.SaveChangesAsync();
        });
        return new ChamberScenario(world, chamber);
    }

    public async Task<string> CreateStaffAsync()
    {
        var userName = await World.CreateUserAsync("staff");
        await World.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            db.ChamberStaff.Add(new ChamberStaffMember { UserId = user.Id, ChamberId = Chamber.Id, GrantedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        return userName;
    }

    public Task<MemberRegisterEntry> AddRegisterEntryAsync(string identnummer, string firmierung, string plz = "50667", string? hrNummer = null, string management = "Frau Greta Geschäftsführerin") =>
        World.WithDatabaseAsync(async (db, _) =>
        {
            var entry = new MemberRegisterEntry
            {
                ChamberId = Chamber.Id, Identnummer = identnummer, Firmierung = firmierung, Rechtsform = "GmbH", Strasse = "Domstraße", Hausnummer = "5",
                Plz = plz, Ort = "Köln", HrNummer = hrNummer, GeschaeftsfuehrungName = management, GeschaeftsfuehrungStrasse = "Chefallee",
                GeschaeftsfuehrungHausnummer = "9", GeschaeftsfuehrungPlz = "50668", GeschaeftsfuehrungOrt = "Köln", ImportedAt = DateTime.UtcNow,
            };
            db.MemberRegister.Add(entry);
            await db.SaveChangesAsync();
            return entry;
        });

    /// <summary>A registration request as the request form leaves it: status Requested, asked for by a fresh user.</summary>
    public async Task<(Guid Id, string Requester)> CreateRequestAsync(string firmierung, string plz = "50667", string? hrNummer = null, string hausnummer = "5")
    {
        var requester = await World.CreateUserAsync("requester");
        var id = await World.WithDatabaseAsync(async (db, _) =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == requester);
            var organisation = new Organisation
            {
                CreatedAt = World.Now,
                Firmierung = firmierung, Rechtsform = "GmbH", Strasse = "Domstraße", Hausnummer = hausnummer, Plz = plz, Ort = "Köln",
                HrNummer = hrNummer, ChamberId = Chamber.Id, RequestedByUserId = user.Id, Begruendung = "Wir bilden aus.",
            };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            return organisation.Id;
        });
        return (id, requester);
    }

    public Task<Organisation> OrganisationAsync(Guid id) =>
        World.WithDatabaseAsync(async (db, _) => await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == id));

    public Task<List<(ActivationLetter Letter, string? Password)>> LettersAsync(Guid organisationId) =>
        World.WithDatabaseAsync(async (db, services) =>
        {
            var issuer = services.GetRequiredService<ActivationLetterIssuer>();
            var letters = await db.ActivationLetters.AsNoTracking().Where(l => l.OrganisationId == organisationId).ToListAsync();
            return letters.Select(l => (l, issuer.RevealPassword(l))).ToList();
        });

    public Task<List<AuditEntry>> AuditAsync(string action) =>
        World.WithDatabaseAsync(async (db, _) => await db.AuditEntries.AsNoTracking().Where(a => a.ChamberId == Chamber.Id && a.Action == action).ToListAsync());

    /// <summary>The text of every page of a PDF, read back with PdfPig.</summary>
    public static List<string> PdfPages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
    }

    /// <summary>A register file as German Excel saves it: UTF-8 with BOM, semicolons, CR LF.</summary>
    public static byte[] Csv(params string[] rows)
    {
        var header = "Identnummer;Firmierung;Rechtsform;Straße;Hausnummer;PLZ;Ort;HR-Nummer;Registergericht;Registerart;Geschäftsführung;GF-Straße;GF-Hausnummer;GF-PLZ;GF-Ort";
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", [header, .. rows]) + "\r\n")];
    }
}
