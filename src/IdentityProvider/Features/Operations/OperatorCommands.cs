using System.Diagnostics;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;
using MeineIhk.IdentityProvider.Features.ManagementApi;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>
/// Bootstrap commands for operators, run as `MeineIhk.IdentityProvider COMMAND ARGS [--config overrides]`:
/// the first platform administrator, chamber staff, and a member register import. Output is for operators
/// (English, like the logs); no password is ever taken from the command line.
/// </summary>
public static class OperatorCommands
{
    /// <summary>The environment variable a script may use instead of the interactive password prompt.</summary>
    public const string PasswordVariable = "MEINEIHK_ADMIN_PASSWORD";

    private static readonly Dictionary<string, int> Positional = new(StringComparer.Ordinal)
    {
        ["create-platform-admin"] = 2,
        ["grant-chamber-staff"] = 2,
        ["revoke-chamber-staff"] = 1,
        ["import-register"] = 2,
        ["grant-developer"] = 1,
        ["revoke-developer"] = 1,
        ["import-applications"] = 1,
    };

    public static bool Handles(string[] args) => args.Length > 0 && Positional.ContainsKey(args[0]);

    /// <summary>The arguments after the command's own, for the configuration (e.g. --Database:Provider=PostgreSql).</summary>
    public static string[] ConfigurationArguments(string[] args) => WithoutSecretsOut(args.Skip(1 + Positional[args[0]]).ToArray());

    /// <summary>import-applications' own option; everything else is configuration.</summary>
    private const string SecretsOutOption = "--secrets-out";

    private static string[] WithoutSecretsOut(string[] args)
    {
        var at = Array.IndexOf(args, SecretsOutOption);
        return at < 0 ? args : [.. args[..at], .. args[Math.Min(at + 2, args.Length)..]];
    }

    private static string? SecretsOut(string[] args)
    {
        var at = Array.IndexOf(args, SecretsOutOption);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken = default)
    {
        var count = Positional[args[0]];
        if (args.Length < 1 + count)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        try
        {
            return args[0] switch
            {
                "create-platform-admin" => await CreatePlatformAdminAsync(provider, args[1], args[2], input, output),
                "grant-chamber-staff" => await GrantChamberStaffAsync(provider, args[1], args[2], output, cancellationToken),
                "revoke-chamber-staff" => await RevokeChamberStaffAsync(provider, args[1], output, cancellationToken),
                "grant-developer" => await GrantDeveloperAsync(provider, args[1], output, cancellationToken),
                "revoke-developer" => await RevokeDeveloperAsync(provider, args[1], output, cancellationToken),
                "import-applications" => await provider.GetRequiredService<ApplicationImport>().RunAsync(args[1], SecretsOut(args), output, cancellationToken),
                _ => await ImportRegisterAsync(provider, args[1], args[2], output, cancellationToken),
            };
        }
        catch (CommandException e)
        {
            await output.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
    }

    public const string Usage = """
        Usage:
          create-platform-admin <username> <email>   creates the user or promotes an existing one;
                                                     password from $MEINEIHK_ADMIN_PASSWORD or prompted
          grant-chamber-staff <username> <Kammernummer>
          revoke-chamber-staff <username>
          import-register <Kammernummer> <file.csv>  replaces the chamber's member register (all or nothing)
          grant-developer <username or email>        may register Fachanwendungen under /anwendungen
          revoke-developer <username or email>
          import-applications <file.json> [--secrets-out <file>]
                                                     upserts Fachanwendungen (docs/examples/applications.json);
                                                     new secrets to stdout or to the file (mode 0600)
        """;

    private static async Task<int> CreatePlatformAdminAsync(IServiceProvider provider, string userName, string email, TextReader input, TextWriter output)
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
                throw new CommandException($"No password given (prompt or ${PasswordVariable}).");
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

    private static async Task<int> GrantChamberStaffAsync(IServiceProvider provider, string userName, string kammernummer, TextWriter output, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken)
            ?? throw new CommandException($"No user {userName}.");
        var chamber = await ChamberAsync(db, kammernummer, cancellationToken);
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var staff = await db.ChamberStaff.SingleOrDefaultAsync(s => s.UserId == user.Id, cancellationToken);
        if (staff is null)
        {
            db.ChamberStaff.Add(new ChamberStaffMember { UserId = user.Id, ChamberId = chamber.Id, GrantedAt = now });
        }
        else
        {
            // Staff work for one chamber: granting another moves them.
            staff.ChamberId = chamber.Id;
            staff.GrantedAt = now;
        }

        db.Audit(AuditAction.ChamberStaffGranted, now, null, chamberId: chamber.Id, subject: user, details: "operator command");
        await db.SaveChangesAsync(cancellationToken);
        await output.WriteLineAsync($"{userName} is chamber staff of {chamber.Name} ({chamber.Kammernummer}).");
        return 0;
    }

    private static async Task<int> RevokeChamberStaffAsync(IServiceProvider provider, string userName, TextWriter output, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var removed = await db.ChamberStaff.Where(s => s.User.UserName == userName).ExecuteDeleteAsync(cancellationToken);
        await output.WriteLineAsync(removed == 0 ? $"{userName} was not chamber staff." : $"{userName} is no longer chamber staff.");
        return 0;
    }

    private static async Task<int> GrantDeveloperAsync(IServiceProvider provider, string nameOrEmail, TextWriter output, CancellationToken cancellationToken)
    {
        var people = provider.GetRequiredService<PlatformPeople>();
        var user = await people.FindAsync(nameOrEmail, cancellationToken) ?? throw new CommandException($"No user {nameOrEmail}.");
        var granted = await people.GrantDeveloperAsync(user, null);
        await output.WriteLineAsync(granted ? $"{user.UserName} is a developer." : $"{user.UserName} was a developer already.");
        return 0;
    }

    private static async Task<int> RevokeDeveloperAsync(IServiceProvider provider, string nameOrEmail, TextWriter output, CancellationToken cancellationToken)
    {
        var people = provider.GetRequiredService<PlatformPeople>();
        var user = await people.FindAsync(nameOrEmail, cancellationToken) ?? throw new CommandException($"No user {nameOrEmail}.");
        var revoked = await people.RevokeDeveloperAsync(user, null);
        await output.WriteLineAsync(revoked ? $"{user.UserName} is no longer a developer." : $"{user.UserName} was not a developer.");
        return 0;
    }

    private static async Task<int> ImportRegisterAsync(IServiceProvider provider, string kammernummer, string file, TextWriter output, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var chamber = await ChamberAsync(db, kammernummer, cancellationToken);
        if (!File.Exists(file))
        {
            throw new CommandException($"No file {file}.");
        }

        var watch = Stopwatch.StartNew();
        await using var stream = File.OpenRead(file);
        var result = await provider.GetRequiredService<RegisterImport>().ImportAsync(chamber.Id, stream, null, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await output.WriteLineAsync($"line {error.Line}{(error.Column is null ? "" : ", column " + error.Column)}: {error.Code}");
            }

            await output.WriteLineAsync($"Nothing imported: {result.Errors.Count} error(s).");
            return 1;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Imported {result.Total} entries for {chamber.Name} ({result.Added} new, {result.Updated} updated, {result.Removed} removed) in {watch.Elapsed.TotalSeconds:0.0} s."));
        return 0;
    }

    private static async Task<Domain.Chamber> ChamberAsync(ApplicationDbContext db, string kammernummer, CancellationToken cancellationToken) =>
        await db.Chambers.SingleOrDefaultAsync(c => c.Kammernummer == kammernummer, cancellationToken)
            ?? throw new CommandException($"No chamber with Kammernummer {kammernummer}.");

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
            throw new CommandException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed class CommandException(string message) : Exception(message);
}
