using MeineIhk.IdentityProvider.Data;
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
