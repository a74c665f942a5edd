using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;
using MeineIhk.IdentityProvider.Features.ManagementApi;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>The import commands: chamber directory, a chamber's member register, Fachanwendungen.</summary>
public static class ImportCommands
{
    /// <summary>`import-chambers FILE`: upserts the chambers of a directory file (docs/operations.md, "Kammerverzeichnis").</summary>
    public static Command Chambers(OperatorContext context)
    {
        var file = new Argument<string>("file.csv");
        var command = new Command("import-chambers", "Adds and updates chambers by Kammernummer from a chamber directory file.") { file };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.None, async (services, token) =>
        {
            var (added, updated) = await services.ImportChambersAsync(parseResult.GetRequiredValue(file), token);
            await context.Output.WriteLineAsync($"Chambers imported: {added} added, {updated} updated.");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>`import-register KAMMERNUMMER FILE`: replaces the chamber's member register, all or nothing.</summary>
    public static Command Register(OperatorContext context)
    {
        var kammernummer = new Argument<string>("Kammernummer");
        var file = new Argument<string>("file.csv");
        var command = new Command("import-register", "Replaces a chamber's member register with a CSV file (all or nothing).") { kammernummer, file };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, (services, token) =>
            RegisterAsync(services, parseResult.GetRequiredValue(kammernummer), parseResult.GetRequiredValue(file), context.Output, token), cancellationToken));
        return command;
    }

    /// <summary>`import-applications FILE.json [--secrets-out FILE]`: upserts Fachanwendungen (docs/examples/applications.json).</summary>
    public static Command Applications(OperatorContext context)
    {
        var file = new Argument<string>("file.json");
        var secretsOut = new Option<string>("--secrets-out")
        {
            Description = "Writes new client secrets to this file (mode 0600) instead of stdout",
            HelpName = "file",
        };
        var command = new Command("import-applications", "Adds and updates Fachanwendungen and their roles from a JSON file.") { file, secretsOut };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, (services, token) =>
            services.GetRequiredService<ApplicationImport>().RunAsync(parseResult.GetRequiredValue(file), parseResult.GetValue(secretsOut), context.Output, token),
            cancellationToken));
        return command;
    }

    private static async Task<int> RegisterAsync(IServiceProvider provider, string kammernummer, string file, TextWriter output, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var chamber = await ChamberStaffCommands.ChamberAsync(db, kammernummer, cancellationToken);
        if (!File.Exists(file))
        {
            throw new OperatorCommandException($"No file {file}.");
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
}
