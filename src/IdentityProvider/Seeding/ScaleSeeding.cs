using System.Diagnostics;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace MeineIhk.IdentityProvider.Seeding;

/// <summary>
/// `seed-scale`: fills a PostgreSQL database with synthetic users, organisations and memberships with roles, for
/// the benchmark (bench/). Rows are streamed with PostgreSQL's binary COPY, columns taken from the EF model, so
/// a million users take seconds to a few minutes, not hours of SaveChanges. Runs after the demo data (it needs
/// its chambers and the Berichtsheft's role catalogue). One organisation ("Großbetrieb Skalierung AG") receives
/// <see cref="ScaleOptions.LargeOrganisationMembers"/> members, the worst case of the member list.
/// </summary>
public static class ScaleSeeding
{
    public sealed record ScaleOptions(int Users, int Organisations, int MembershipsPerUser, int LargeOrganisationMembers);

    public const string LargeOrganisationName = "Großbetrieb Skalierung AG";

    public static async Task SeedScaleAsync(this IServiceProvider services, ScaleOptions options, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        if (!db.Database.IsNpgsql())
        {
            throw new InvalidOperationException("seed-scale streams rows with PostgreSQL's COPY: set Database:Provider to PostgreSql.");
        }

        var chambers = await db.Chambers.Select(c => c.Id).ToListAsync(cancellationToken);
        var roles = await db.FachanwendungRoles.Where(r => r.Fachanwendung.ClientId == DemoCatalogue.BerichtsheftClientId).Select(r => r.Id).ToListAsync(cancellationToken);
        if (chambers.Count == 0 || roles.Count == 0)
        {
            throw new InvalidOperationException("seed-scale needs the demo data first (Demo:Seed=true).");
        }

        var clock = Stopwatch.StartNew();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..6];

        var organisationIds = new Guid[options.Organisations + 1];
        var organisations = Enumerable.Range(0, options.Organisations + 1).Select(i =>
        {
            var organisation = new Organisation
            {
                Firmierung = i == 0 ? LargeOrganisationName : $"Skalierung {run} {i:D6} GmbH",
                Rechtsform = i == 0 ? "AG" : "GmbH",
                Strasse = "Teststraße",
                Hausnummer = (i % 200 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Plz = (10000 + i % 89999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Ort = "Musterstadt",
                Identnummer = $"9{run[..2]}{i}",
                ChamberId = chambers[i % chambers.Count],
                Status = OrganisationStatus.Active,
                CreatedAt = now,
            };
            organisationIds[i] = organisation.Id;
            return organisation;
        });
        await CopyAsync(db, connection, organisations, cancellationToken);
        Console.WriteLine($"{options.Organisations + 1:N0} organisations after {clock.Elapsed.TotalSeconds:F0} s");

        var userIds = new string[options.Users];
        var users = Enumerable.Range(0, options.Users).Select(i =>
        {
            var name = $"skal{run}{i:D7}";
            var user = new ApplicationUser
            {
                UserName = name,
                NormalizedUserName = name.ToUpperInvariant(),
                Email = name + "@example.org",
                NormalizedEmail = (name + "@example.org").ToUpperInvariant(),
                EmailConfirmed = true,
                CreatedAt = now,
                GivenName = GivenNames[i % GivenNames.Length],
                FamilyName = FamilyNames[i / GivenNames.Length % FamilyNames.Length] + (i % 7 == 0 ? "-" + FamilyNames[i % FamilyNames.Length] : string.Empty),
                Anrede = i % 2 == 0 ? Anrede.Frau : Anrede.Herr,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            };
            userIds[i] = user.Id;
            return user;
        });
        await CopyAsync(db, connection, users, cancellationToken);
        Console.WriteLine($"{options.Users:N0} users after {clock.Elapsed.TotalSeconds:F0} s");

        // Each user belongs to MembershipsPerUser distinct ordinary organisations; the first LargeOrganisationMembers users also to the large one.
        var memberRoles = new List<MemberRole>();
        IEnumerable<Membership> Memberships()
        {
            for (var i = 0; i < options.Users; i++)
            {
                for (var k = 0; k < options.MembershipsPerUser; k++)
                {
                    var organisation = 1 + (int)(((long)i + (long)k * (options.Organisations / Math.Max(options.MembershipsPerUser, 1) + 1)) % options.Organisations);
                    yield return Member(i, organisation, k == 0 && i % 50 == 0);
                }

                if (i < options.LargeOrganisationMembers)
                {
                    yield return Member(i, 0, i < 3);
                }
            }
        }

        Membership Member(int user, int organisation, bool administrator)
        {
            var membership = new Membership { UserId = userIds[user], OrganisationId = organisationIds[organisation], IsAdministrator = administrator, JoinedAt = now };
            return membership;
        }

        var membershipRoles = new List<(Guid Membership, Guid Role)>();
        await CopyAsync(db, connection, Memberships().Select((m, n) =>
        {
            membershipRoles.Add((m.Id, roles[n % roles.Count]));
            return m;
        }), cancellationToken);
        Console.WriteLine($"{membershipRoles.Count:N0} memberships after {clock.Elapsed.TotalSeconds:F0} s");

        await CopyAsync(db, connection, membershipRoles.Select(p => new MemberRole { MembershipId = p.Membership, FachanwendungRoleId = p.Role, GrantedAt = now }), cancellationToken);
        Console.WriteLine($"{membershipRoles.Count:N0} member roles after {clock.Elapsed.TotalSeconds:F0} s");

        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        Console.WriteLine($"seed-scale done in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Streams entities into their table with binary COPY; the columns and value conversions come from the EF model.</summary>
    private static async Task CopyAsync<T>(ApplicationDbContext db, NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(typeof(T) + " is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && p.ValueGenerated != ValueGenerated.OnAdd || p.IsPrimaryKey())
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Converter: p.GetTypeMapping().Converter, Type: p.GetColumnType()))
            .ToList();

        var copy = $"COPY \"{table.Name}\" ({string.Join(", ", columns.Select(c => "\"" + c.Column + "\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        writer.Timeout = TimeSpan.FromMinutes(30);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var (property, _, converter, type) in columns)
            {
                var value = property.GetGetter().GetClrValue(row);
                if (converter is not null && value is not null)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await writer.WriteAsync(value, type, cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static readonly string[] GivenNames =
        ["Anna", "Bernd", "Clara", "David", "Emma", "Felix", "Greta", "Hans", "Ida", "Jonas", "Karla", "Lukas", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tina", "Uwe"];

    private static readonly string[] FamilyNames =
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein",
         "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier"];
}
