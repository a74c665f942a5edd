using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations.Activate;
using MeineIhk.Tests.Features.Organisations.CompanyData;
using MeineIhk.Tests.Features.Organisations.Register;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.ChamberDirectory;

/// <summary>The chamber directory files operators supply: the shipped sample, the checks, the import command.</summary>
public sealed class ChamberDirectoryFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kammern-").FullName;

    private static string Shipped(string file) => Path.Combine(RepositoryPaths.IdentityProviderContentRoot, "Content", "Kammern", file);

    [Fact]
    public void The_shipped_sample_maps_the_demo_organisations_to_their_chambers_and_says_it_is_sample_data()
    {
        var chambers = ChamberDirectoryFiles.ReadChambers(Shipped("kammern.csv"));
        Assert.Contains(chambers, c => c is { Kammernummer: "101", Name: "IHK Aachen" });
        Assert.Contains(chambers, c => c is { Kammernummer: "102", Name: "IHK für Ostfriesland und Papenburg" });

        var lookup = new PostalCodeLookup();
        lookup.Load(ChamberDirectoryFiles.ReadPostalCodes(Shipped("plz-zuordnung.csv"), chambers.Select(c => c.Kammernummer).ToList()));
        Assert.Equal("101", lookup.KammernummerFor("52062")); // Spiel- und Spaß GmbH
        Assert.Equal("102", lookup.KammernummerFor("26721")); // Musterbau GmbH & Co. KG
        Assert.Null(lookup.KammernummerFor("99999"));
        Assert.Null(lookup.KammernummerFor("5206"));
        Assert.Null(lookup.KammernummerFor("abcde"));

        Assert.All(new[] { "kammern.csv", "plz-zuordnung.csv" }, file => Assert.StartsWith("# BEISPIELDATEN", File.ReadAllText(Shipped(file)), StringComparison.Ordinal));
    }

    [Fact]
    public void Range_boundaries_are_inclusive()
    {
        var lookup = new PostalCodeLookup();
        lookup.Load([new PostalCodeRange(10000, 10999, "A"), new PostalCodeRange(11000, 11000, "B"), new PostalCodeRange(20000, 29999, "C")]);
        Assert.Equal(["A", "A", "B", null, "C", "C"], new[] { "10000", "10999", "11000", "11001", "20000", "29999" }.Select(lookup.KammernummerFor));
    }

    [Theory]
    [InlineData("PlzVon;PlzBis;Kammernummer\n10000;19999;1\n15000;25000;1", "line 3: range 15000-25000 overlaps 10000-19999")]
    [InlineData("PlzVon;PlzBis;Kammernummer\n10000;19999;7", "line 2: Kammernummer 7 is not in the chamber file")]
    [InlineData("PlzVon;PlzBis;Kammernummer\n1000;19999;1", "line 2: PlzVon and PlzBis must be five digits each")]
    [InlineData("PlzVon;PlzBis;Kammernummer\n20000;19999;1", "line 2: PlzVon is greater than PlzBis")]
    [InlineData("# comment\nVon;Bis;Kammer\n10000;19999;1", "line 2: expected the header")]
    public void A_bad_postal_code_file_is_refused_with_its_line(string content, string problem)
    {
        var file = Write("plz.csv", content);
        var refused = Assert.Throws<ChamberDirectoryException>(() => ChamberDirectoryFiles.ReadPostalCodes(file, ["1"]));
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chamber_file_with_a_Kammernummer_twice_is_refused()
    {
        var file = Write("kammern.csv", "Kammernummer;Name;Strasse;PLZ;Ort\n1;IHK A;;;\n1;IHK B;;;");
        Assert.Contains("line 3: Kammernummer 1 appears twice", Assert.Throws<ChamberDirectoryException>(() => ChamberDirectoryFiles.ReadChambers(file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_chambers_command_adds_and_updates_chambers_by_Kammernummer()
    {
        var database = Path.Combine(_folder, "import.db");
        string[] settings = ["--environment=Development", "--Database:Provider=Sqlite", $"--ConnectionStrings:Default=Data Source={database}"];
        Assert.Equal(0, await Program.Main(["migrate", .. settings]));

        var file = Write("kammern.csv", "# Beispiel\nKammernummer;Name;Strasse;PLZ;Ort\n901;IHK Eins;Weg 1;10115;Berlin\n902;IHK Zwei;;;");
        Assert.Equal(0, await Program.Main(["import-chambers", file, .. settings]));
        File.WriteAllText(file, "Kammernummer;Name;Strasse;PLZ;Ort\n901;IHK Eins (neu);Weg 2;10115;Berlin\n");
        Assert.Equal(0, await Program.Main(["import-chambers", file, .. settings]));

        await using var db = new IdentityProvider.Data.SqliteApplicationDbContext(
            new DbContextOptionsBuilder<IdentityProvider.Data.SqliteApplicationDbContext>().UseSqlite($"Data Source={database};Pooling=false").Options);
        var chambers = await db.Chambers.OrderBy(c => c.Kammernummer).ToListAsync();
        Assert.Equal(["901", "902"], chambers.Select(c => c.Kammernummer));
        Assert.Equal(("IHK Eins (neu)", "Weg 2"), (chambers[0].Name, chambers[0].Street));
        Assert.Equal("IHK Zwei", chambers[1].Name); // chambers missing from a later file stay
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The directory as loaded at start: the chambers of the files are in the database.</summary>
public abstract class ChamberDirectoryStartTests(TestWorld world)
{
    [Fact]
    public async Task The_chambers_of_the_directory_file_are_stored_at_start_beside_the_demo_ones()
    {
        var chambers = await world.QueryAsync(db => db.Chambers.Select(c => c.Kammernummer).ToListAsync());
        Assert.Superset(new HashSet<string> { "101", "102", "103", "104", "105" }, chambers.ToHashSet());
        Assert.Equal(1, await world.QueryAsync(db => db.Chambers.CountAsync(c => c.Name == "IHK Aachen")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChamberDirectoryStartTestsOnSqlite(SqliteWorld world) : ChamberDirectoryStartTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ChamberDirectoryStartTestsOnPostgreSql(PostgreSqlWorld world) : ChamberDirectoryStartTests(world);
