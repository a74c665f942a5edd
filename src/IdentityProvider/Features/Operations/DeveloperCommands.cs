using System.CommandLine;
using MeineIhk.IdentityProvider.Features.Applications;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>`grant-developer USER` and `revoke-developer USER` (username or e-mail): who may register Fachanwendungen.</summary>
public static class DeveloperCommands
{
    public static Command Grant(OperatorContext context)
    {
        var user = new Argument<string>("username-or-email");
        var command = new Command("grant-developer", "Lets a user register Fachanwendungen under /anwendungen.") { user };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, async (services, token) =>
        {
            var people = services.GetRequiredService<PlatformPeople>();
            var found = await FindAsync(people, parseResult.GetRequiredValue(user), token);
            var granted = await people.GrantDeveloperAsync(found, null);
            await context.Output.WriteLineAsync(granted ? $"{found.UserName} is a developer." : $"{found.UserName} was a developer already.");
            return 0;
        }, cancellationToken));
        return command;
    }

    public static Command Revoke(OperatorContext context)
    {
        var user = new Argument<string>("username-or-email");
        var command = new Command("revoke-developer", "Takes the developer role from a user.") { user };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, async (services, token) =>
        {
            var people = services.GetRequiredService<PlatformPeople>();
            var found = await FindAsync(people, parseResult.GetRequiredValue(user), token);
            var revoked = await people.RevokeDeveloperAsync(found, null);
            await context.Output.WriteLineAsync(revoked ? $"{found.UserName} is no longer a developer." : $"{found.UserName} was not a developer.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<Domain.ApplicationUser> FindAsync(PlatformPeople people, string nameOrEmail, CancellationToken cancellationToken) =>
        await people.FindAsync(nameOrEmail, cancellationToken) ?? throw new OperatorCommandException($"No user {nameOrEmail}.");
}
