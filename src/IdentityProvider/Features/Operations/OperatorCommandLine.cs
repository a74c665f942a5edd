using System.CommandLine;
using System.CommandLine.Help;
using MeineIhk.IdentityProvider.Data;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>
/// Every operator command, run as `MeineIhk.IdentityProvider COMMAND ARGS [configuration]`. The arguments after a
/// command's own are configuration for the provider's host (--Database:Provider=PostgreSql, --contentRoot DIR), as
/// when the server starts. `--help` (or `help`) lists the commands and never starts the server; wrong usage prints
/// the problem and the command's usage and ends with exit code 2. Output is for operators: English, like the logs.
/// </summary>
public static class OperatorCommandLine
{
    /// <summary>The exit code of wrong usage (a missing argument, an unknown option).</summary>
    public const int UsageExitCode = 2;

    private static readonly string[] HelpTokens = ["--help", "-h", "/h", "-?", "/?"];

    /// <summary>Keys of the host itself that are lower case and have no section (WebApplication reads them from args).</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "applicationName", "contentRoot", "environment", "urls", "webroot", "http_ports", "https_ports", "https_port",
        "detailedErrors", "shutdownTimeoutSeconds",
    };

    private static readonly Lazy<HashSet<string>> CommandNames = new(() =>
        Build(new OperatorContext((_, _, _) => throw new InvalidOperationException("Only for the names."), TextReader.Null, TextWriter.Null))
            .Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));

    public static RootCommand Build(OperatorContext context)
    {
        var root = new RootCommand(
            "meine ihk identity provider. Without a command it starts the server. After a command's own arguments, "
            + "configuration may follow as for the server: --Section:Key=value or --Section:Key value (e.g. --Database:Provider=PostgreSql).")
        {
            MigrateCommand.Create(context),
            PlatformAdminCommand.Create(context),
            ChamberStaffCommands.Grant(context),
            ChamberStaffCommands.Revoke(context),
            ImportCommands.Chambers(context),
            ImportCommands.Register(context),
            DeveloperCommands.Grant(context),
            DeveloperCommands.Revoke(context),
            SecondFactorResetCommand.Create(context),
            ImportCommands.Applications(context),
            SeedScaleCommand.Create(context),
            SigningKeyCommand.Create(context),
        };
        root.Options.Remove(root.Options.OfType<VersionOption>().Single());
        root.TreatUnmatchedTokensAsErrors = false;
        foreach (var command in root.Subcommands)
        {
            command.TreatUnmatchedTokensAsErrors = false;
        }

        return root;
    }

    /// <summary>Whether <paramref name="args"/> name a command or ask for help; otherwise Program starts the server.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && (args[0] == "help" || CommandNames.Value.Contains(args[0]) || args.Any(a => HelpTokens.Contains(a, StringComparer.Ordinal)));

    /// <summary>Program's entry: the provider's host is built from the configuration arguments, on the console.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, OpenProviderAsync, Console.In, Console.Out, Console.Error);

    /// <summary>Runs a command against services that are already running and prepared (tests).</summary>
    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken = default) =>
        RunAsync(args, (_, _, _) => Task.FromResult(services), input, output, output, cancellationToken);

    public static async Task<int> RunAsync(string[] args, ServicesOpener open, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build(new OperatorContext(open, input, output));
        var parseResult = root.Parse(WithHelpWord(args), new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is not HelpAction)
        {
            var problems = parseResult.Errors.Select(e => e.Message).Concat(UnknownTokens(parseResult.UnmatchedTokens)).ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem);
                }

                await error.WriteLineAsync();
                var command = parseResult.CommandResult.Command;
                string[] help = command == root ? ["--help"] : [command.Name, "--help"];
                await root.Parse(help).InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
                return UsageExitCode;
            }
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    /// <summary>The arguments that are not the command's own: configuration for the provider's host.</summary>
    public static string[] ConfigurationArguments(ParseResult parseResult) => [.. parseResult.UnmatchedTokens];

    /// <summary>`help` → `--help`; `help COMMAND` → `COMMAND --help`.</summary>
    private static string[] WithHelpWord(string[] args) => args switch
    {
        ["help"] => ["--help"],
        ["help", var command, ..] => [command, "--help"],
        _ => args,
    };

    /// <summary>
    /// Unmatched tokens must read as configuration: `--Key=value`, `--Key value` or `Key=value`, where the key has a
    /// section (`Database:Provider`), starts upper case (`Issuer`) or is one of the host's own (`contentRoot`). So a
    /// mistyped option (`--user 5`, `-u`) is refused instead of silently becoming configuration.
    /// </summary>
    private static IEnumerable<string> UnknownTokens(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                var body = token[2..];
                var equals = body.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? body : body[..equals];
                if (!IsConfigurationKey(key))
                {
                    yield return $"Unrecognized option '{token}'.";
                }
                else if (equals < 0 && ++i >= tokens.Count)
                {
                    yield return $"Configuration '{token}' needs a value.";
                }
            }
            else if (token.StartsWith('-') || !token.Contains('=', StringComparison.Ordinal))
            {
                yield return $"Unrecognized {(token.StartsWith('-') ? "option" : "argument")} '{token}'.";
            }
        }
    }

    private static bool IsConfigurationKey(string key) =>
        key.Length > 0 && (key.Contains(':', StringComparison.Ordinal) || char.IsUpper(key[0]) || HostKeys.Contains(key));

    private static async Task<IServiceProvider> OpenProviderAsync(string[] configuration, DatabasePreparation preparation, CancellationToken cancellationToken)
    {
        var app = ProviderApp.Create(configuration);
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        switch (preparation)
        {
            case DatabasePreparation.Migrations:
                await app.Services.MigrateDatabaseAsync(cancellationToken);
                break;
            case DatabasePreparation.MigrationsAndDemoData:
                await app.PrepareAsync(cancellationToken);
                break;
        }

        return app.Services;
    }
}
