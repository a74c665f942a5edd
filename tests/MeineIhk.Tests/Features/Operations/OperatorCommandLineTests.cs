using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Features.Operations;

namespace MeineIhk.Tests.Features.Operations;

/// <summary>The command line itself: help, wrong usage and the configuration that follows a command. No database.</summary>
public sealed class OperatorCommandLineTests
{
    private static readonly string[] Commands =
    [
        "migrate", "create-platform-admin", "grant-chamber-staff", "revoke-chamber-staff", "import-chambers", "import-register",
        "grant-developer", "revoke-developer", "import-applications", "seed-scale",
    ];

    [Fact]
    public async Task Help_lists_every_command_and_exits_0_without_opening_the_provider()
    {
        var (code, output, _) = await RunAsync(["--help"]);
        Assert.Equal(0, code);
        Assert.All(Commands, command => Assert.Contains(command, output, StringComparison.Ordinal));
        Assert.True(OperatorCommandLine.Handles(["-h"]));
        Assert.All(Commands, command => Assert.True(OperatorCommandLine.Handles([command])));
        Assert.False(OperatorCommandLine.Handles(["--Database:Provider=Sqlite"]));
    }

    [Fact]
    public async Task Program_Main_with_help_prints_the_commands_and_returns_instead_of_starting_the_server()
    {
        var console = Console.Out;
        await using var output = new StringWriter();
        Console.SetOut(output);
        int code;
        try
        {
            code = await Program.Main(["--help"]);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal(0, code);
        Assert.Contains("seed-scale", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("import-applications", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_scale_help_prints_its_options_and_help_seed_scale_says_the_same()
    {
        var (code, output, _) = await RunAsync(["seed-scale", "--help"]);
        Assert.Equal(0, code);
        foreach (var option in new[] { "--users", "--organisations", "--memberships-per-user", "--large-organisation" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        var (again, word, _) = await RunAsync(["help", "seed-scale"]);
        Assert.Equal(0, again);
        Assert.Equal(output, word);
    }

    [Theory]
    [InlineData("seed-scale", "--user", "5")]
    [InlineData("seed-scale", "-u", "5")]
    [InlineData("seed-scale", "--users", "viele")]
    [InlineData("grant-developer")]
    [InlineData("grant-chamber-staff", "jdoe")]
    [InlineData("revoke-developer", "jdoe", "extra")]
    public async Task Wrong_usage_prints_the_problem_and_the_usage_and_exits_2(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.Equal(OperatorCommandLine.UsageExitCode, code);
        Assert.Empty(output);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Contains(args[0], error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_after_the_command_arguments_goes_to_the_host_and_the_command_options_do_not()
    {
        var (configuration, preparation) = await OpenedWithAsync(
            ["grant-developer", "jdoe", "--Database:Provider=PostgreSql", "--contentRoot", "/srv/meine-ihk", "--Issuer", "https://id.example"]);
        Assert.Equal(["--Database:Provider=PostgreSql", "--contentRoot", "/srv/meine-ihk", "--Issuer", "https://id.example"], configuration);
        Assert.Equal(DatabasePreparation.Migrations, preparation);

        (configuration, preparation) = await OpenedWithAsync(["seed-scale", "--contentRoot", "/srv", "--users", "10", "--Demo:Seed=true"]);
        Assert.Equal(["--contentRoot", "/srv", "--Demo:Seed=true"], configuration);
        Assert.Equal(DatabasePreparation.MigrationsAndDemoData, preparation);

        (configuration, preparation) = await OpenedWithAsync(["import-applications", "apps.json", "--secrets-out", "secrets.json", "--Database:Provider=Sqlite"]);
        Assert.Equal(["--Database:Provider=Sqlite"], configuration);

        (_, preparation) = await OpenedWithAsync(["import-chambers", "kammern.csv"]);
        Assert.Equal(DatabasePreparation.None, preparation);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var code = await OperatorCommandLine.RunAsync(
            args, (_, _, _) => throw new InvalidOperationException("The provider must not be opened."), TextReader.Null, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(string[] Configuration, DatabasePreparation Preparation)> OpenedWithAsync(string[] args)
    {
        (string[], DatabasePreparation)? opened = null;
        await Assert.ThrowsAsync<OpenedException>(() => OperatorCommandLine.RunAsync(args, (configuration, preparation, _) =>
        {
            opened = (configuration, preparation);
            throw new OpenedException();
        }, TextReader.Null, TextWriter.Null, TextWriter.Null));
        return opened!.Value;
    }

    private sealed class OpenedException : Exception;
}
