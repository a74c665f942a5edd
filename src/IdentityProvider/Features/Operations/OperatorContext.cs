using System.CommandLine;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>What a command needs of the database before it runs.</summary>
public enum DatabasePreparation
{
    /// <summary>The database as it is (migrate, import-chambers).</summary>
    None,

    /// <summary>Pending migrations applied first (the bootstrap commands).</summary>
    Migrations,

    /// <summary>Migrations, platform roles, demo data and chamber directory, as before the server listens (seed-scale).</summary>
    MigrationsAndDemoData,
}

/// <summary>
/// Opens the provider's services for a command: <paramref name="configuration"/> are the arguments after the
/// command's own (e.g. --Database:Provider=PostgreSql). Program builds the provider's host from them; tests hand in
/// the services of their running world.
/// </summary>
public delegate Task<IServiceProvider> ServicesOpener(string[] configuration, DatabasePreparation preparation, CancellationToken cancellationToken);

/// <summary>Where a command finds its services and its console (a prompt reads <see cref="Input"/>).</summary>
public sealed class OperatorContext(ServicesOpener open, TextReader input, TextWriter output)
{
    public TextReader Input { get; } = input;

    public TextWriter Output { get; } = output;

    /// <summary>
    /// Opens the services with the configuration arguments of <paramref name="parseResult"/> and runs
    /// <paramref name="command"/> in a scope; an <see cref="OperatorCommandException"/> becomes "Error: …" and exit code 1.
    /// </summary>
    public async Task<int> RunAsync(
        ParseResult parseResult,
        DatabasePreparation preparation,
        Func<IServiceProvider, CancellationToken, Task<int>> command,
        CancellationToken cancellationToken)
    {
        var services = await open(OperatorCommandLine.ConfigurationArguments(parseResult), preparation, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await command(scope.ServiceProvider, cancellationToken);
        }
        catch (OperatorCommandException e)
        {
            await Output.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
    }
}

/// <summary>A refusal an operator can act on (no such user, no such chamber): printed, exit code 1.</summary>
public sealed class OperatorCommandException(string message) : Exception(message);
