using System.CommandLine;
using MeineIhk.IdentityProvider.Seeding;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>
/// `seed-scale [--users N] [--organisations N] [--memberships-per-user N] [--large-organisation N]`: synthetic data for
/// the benchmark (PostgreSQL only, docs/performance.md), after migrations and demo data.
/// </summary>
public static class SeedScaleCommand
{
    public static Command Create(OperatorContext context)
    {
        var users = Count("--users", 1_000_000, "Synthetic users");
        var organisations = Count("--organisations", 100_000, "Synthetic organisations (plus one large one)");
        var memberships = Count("--memberships-per-user", 2, "Memberships with roles per user");
        var large = Count("--large-organisation", 10_000, $"Members of \"{ScaleSeeding.LargeOrganisationName}\"");
        var command = new Command("seed-scale", "Fills a PostgreSQL database with synthetic users, organisations and memberships for the benchmark.")
        {
            users, organisations, memberships, large,
        };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.MigrationsAndDemoData, async (services, token) =>
        {
            var options = new ScaleSeeding.ScaleOptions(
                parseResult.GetValue(users), parseResult.GetValue(organisations), parseResult.GetValue(memberships), parseResult.GetValue(large));
            await services.SeedScaleAsync(options, token);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Option<int> Count(string name, int fallback, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "N",
    };
}
