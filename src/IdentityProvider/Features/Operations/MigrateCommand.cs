using System.CommandLine;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>`migrate`: applies the migrations of the configured provider and exits (operators, deployments).</summary>
public static class MigrateCommand
{
    public static Command Create(OperatorContext context)
    {
        var command = new Command("migrate", "Applies the pending migrations of the configured database and exits.");
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, async (_, _) =>
        {
            await context.Output.WriteLineAsync("Database is up to date.");
            return 0;
        }, cancellationToken));
        return command;
    }
}
