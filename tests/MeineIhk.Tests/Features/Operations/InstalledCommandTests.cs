using System.Diagnostics;
using System.Text.Json;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Features.Operations;

/// <summary>
/// Operator commands read the installation's settings (the folder of the executable), not the current folder's: the
/// documented `migrate` run from anywhere else used to create and migrate a new SQLite database where the operator stood.
/// </summary>
public sealed class InstalledCommandTests : IDisposable
{
    private readonly string _installation = Path.Combine(RepositoryPaths.Root, "src", "IdentityProvider", "bin", "test-installations", Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Migrate_run_from_another_folder_uses_the_installed_settings_and_database()
    {
        await InstallAsync();
        var elsewhere = Directory.CreateTempSubdirectory("meine-ihk-operator-").FullName;

        await using var migrate = ProviderProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, ["migrate"], _installation, elsewhere);
        var exitCode = await migrate.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, migrate.Error + migrate.Output);
        Assert.Contains("Database is up to date.", migrate.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(_installation, "App_Data", "installed.db")).Length > 0, "the installed database was migrated");
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere)); // nothing created where the operator stands
        Directory.Delete(elsewhere);
    }

    /// <summary>The build output as an installation (hard links, so nothing is copied) with its own appsettings.Production.json.</summary>
    private async Task InstallAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_installation)!);
        using (var copy = Process.Start("cp", ["-al", ProviderProcess.InstallationFolder, _installation]))
        {
            await copy.WaitForExitAsync();
            Assert.Equal(0, copy.ExitCode);
        }

        var production = Path.Combine(_installation, "appsettings.Production.json");
        File.Delete(production); // a hard link to the build's file, which must stay untouched
        await File.WriteAllTextAsync(production, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Issuer"] = "https://meine.ihk.example/",
            ["Database"] = new { Provider = "Sqlite", SingleNode = true },
            ["ConnectionStrings"] = new { Default = "Data Source=App_Data/installed.db" },
            ["DataProtection"] = new { Certificate = new { Path = ProductionSettings.CertificatePath, Password = ProductionSettings.CertificatePassword } },
            ["Mail"] = new { Transport = "Smtp", From = "meine ihk <noreply@meine.ihk.example>", Smtp = new { Host = "127.0.0.1" } },
        }));
    }

    public void Dispose()
    {
        if (Directory.Exists(_installation))
        {
            Directory.Delete(_installation, recursive: true);
        }
    }
}
