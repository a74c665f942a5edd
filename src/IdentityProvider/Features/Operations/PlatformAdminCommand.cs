using System.CommandLine;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>
/// `create-platform-admin USERNAME EMAIL`: the first platform administrator. Creates the user (password from
/// <see cref="PasswordVariable"/> or prompted; never from the command line) or promotes an existing one.
/// </summary>
public static class PlatformAdminCommand
{
    /// <summary>The environment variable a script may use instead of the interactive password prompt.</summary>
    public const string PasswordVariable = "MEINEIHK_ADMIN_PASSWORD";

    public static Command Create(OperatorContext context)
    {
        var userName = new Argument<string>("username");
        var email = new Argument<string>("email");
        var command = new Command("create-platform-admin",
            $"Creates a platform administrator or promotes an existing user; password from ${PasswordVariable} or prompted.")
        {
            userName, email,
        };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, (services, _) =>
            CreateAsync(services, parseResult.GetRequiredValue(userName), parseResult.GetRequiredValue(email), context.Input, context.Output), cancellationToken));
        return command;
    }

    private static async Task<int> CreateAsync(IServiceProvider provider, string userName, string email, TextReader input, TextWriter output)
    {
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(PlatformRoles.Administrator))
        {
            Check(await roles.CreateAsync(new IdentityRole(PlatformRoles.Administrator)));
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            var password = Environment.GetEnvironmentVariable(PasswordVariable);
            if (string.IsNullOrEmpty(password))
            {
                await output.WriteAsync($"Password for {userName}: ");
                password = ReadPassword(input);
            }

            if (string.IsNullOrEmpty(password))
            {
                throw new OperatorCommandException($"No password given (prompt or ${PasswordVariable}).");
            }

            user = new ApplicationUser
            {
                UserName = userName,
                Email = email,
                EmailConfirmed = true,
                GivenName = userName,
                FamilyName = "(Plattform)",
                CreatedAt = provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user, password));
            await output.WriteLineAsync($"Created user {userName}.");
        }

        if (!await users.IsInRoleAsync(user, PlatformRoles.Administrator))
        {
            Check(await users.AddToRoleAsync(user, PlatformRoles.Administrator));
        }

        await output.WriteLineAsync($"{userName} is a platform administrator.");
        return 0;
    }

    private static string? ReadPassword(TextReader input)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine();
        }

        var password = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return password.ToString();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new OperatorCommandException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
