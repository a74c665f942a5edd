using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using MeineIhk.IdentityProvider.Features.Operations;
using MeineIhk.IdentityProvider.Seeding;

namespace MeineIhk.IdentityProvider;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // `migrate` applies the migrations of the configured provider and exits (for operators and deployments).
        if (args.Length > 0 && args[0] == "migrate")
        {
            var migrator = ProviderApp.Create(args[1..]);
            await migrator.Services.MigrateDatabaseAsync();
            Console.WriteLine("Database is up to date.");
            return 0;
        }

        // `import-chambers FILE` upserts the chambers of a directory file (docs/operations.md, "Kammerverzeichnis").
        if (args.Length > 1 && args[0] == "import-chambers")
        {
            var importer = ProviderApp.Create(args[2..]);
            var (added, updated) = await importer.Services.ImportChambersAsync(args[1]);
            Console.WriteLine($"Chambers imported: {added} added, {updated} updated.");
            return 0;
        }

        // Operator bootstrap commands (platform administrator, chamber staff, member register import).
        if (OperatorCommands.Handles(args))
        {
            var host = ProviderApp.Create(OperatorCommands.ConfigurationArguments(args));
            await host.Services.MigrateDatabaseAsync();
            return await OperatorCommands.RunAsync(host.Services, args, Console.In, Console.Out);
        }

        // `seed-scale [--users N] [--organisations N] [--memberships-per-user N] [--large-organisation N]`: synthetic
        // data for the benchmark (PostgreSQL only), after migrations and demo data.
        if (args.Length > 0 && args[0] == "seed-scale")
        {
            var seeder = ProviderApp.Create(ScaleSeeding.WithoutScaleArguments(args[1..]));
            await seeder.PrepareAsync();
            await seeder.Services.SeedScaleAsync(ScaleSeeding.Parse(args));
            return 0;
        }

        var app = ProviderApp.Create(args);
        await app.PrepareAsync();
        await app.RunAsync();
        return 0;
    }
}
