using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Operations;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.ManagementApi;

/// <summary>The operator command import-applications, run in process against the world's database.</summary>
public abstract class ImportApplicationsTests(TestWorld world)
{
    [Fact]
    public async Task Importing_twice_creates_once_and_leaves_the_same_state_with_the_secret_only_in_the_secrets_file()
    {
        var (confidential, publicId) = ("import-" + Guid.NewGuid().ToString("N")[..8], "import-pub-" + Guid.NewGuid().ToString("N")[..8]);
        var file = await WriteAsync(Entries(confidential, publicId, "https://app.example.de/signin-oidc"));
        var secretsFile = Path.Combine(Path.GetTempPath(), $"secrets-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output) = await RunAsync(["import-applications", file, "--secrets-out", secretsFile]);
            Assert.True(code == 0, output);
            Assert.Contains("2 created", output, StringComparison.Ordinal);
            Assert.DoesNotContain("ihkcs_", output, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretsFile));
            }

            var secret = JsonDocument.Parse(await File.ReadAllTextAsync(secretsFile)).RootElement.GetProperty(confidential).GetString()!;

            var first = await StateAsync(confidential, publicId);
            var (again, secondOutput) = await RunAsync(["import-applications", file]);
            Assert.True(again == 0, secondOutput);
            Assert.Contains("0 created, 0 updated, 2 unchanged", secondOutput, StringComparison.Ordinal);
            Assert.Equal(first, await StateAsync(confidential, publicId));

            // Approved by the file: the secret works at the token endpoint.
            using var client = new OidcTestClient(world, confidential, secret);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);

            // A changed name and a new role are applied; a role missing from the file is kept and reported.
            var changed = Entries(confidential, publicId, "https://app.example.de/signin-oidc");
            changed[0]["displayNameDe"] = "Umbenannt";
            changed[0]["roles"] = new[] { new Dictionary<string, object?> { ["key"] = "pruefer", ["displayNameDe"] = "Prüfer(in)", ["displayNameEn"] = "Examiner" } };
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(changed));
            var (third, thirdOutput) = await RunAsync(["import-applications", file]);
            Assert.True(third == 0, thirdOutput);
            Assert.Contains($"{confidential}: role leser is not in the file", thirdOutput, StringComparison.Ordinal);
            var registered = await world.WithDatabaseAsync((_, s) => s.GetRequiredService<ApplicationRegistry>().FindAsync(confidential, RegistryActor.Operator));
            Assert.Equal("Umbenannt", registered!.Fachanwendung.DisplayNameDe);
            Assert.True(registered.Fachanwendung.FirstParty); // "firstParty": true in the file
            var second = await world.WithDatabaseAsync((_, s) => s.GetRequiredService<ApplicationRegistry>().FindAsync(publicId, RegistryActor.Operator));
            Assert.False(second!.Fachanwendung.FirstParty); // left out: not first-party
            Assert.Equal(["leser", "pruefer"], registered.Roles.Select(r => r.Key));
        }
        finally
        {
            File.Delete(file);
            File.Delete(secretsFile);
        }
    }

    [Fact]
    public async Task An_invalid_entry_changes_nothing_and_is_reported_by_index_and_field()
    {
        var (good, bad) = ("import-" + Guid.NewGuid().ToString("N")[..8], "import-bad-" + Guid.NewGuid().ToString("N")[..8]);
        var entries = Entries(good, bad, "https://*.example.de/signin-oidc");
        var file = await WriteAsync(entries);
        try
        {
            var (code, output) = await RunAsync(["import-applications", file]);
            Assert.Equal(1, code);
            Assert.Contains("[1] redirectUris[0]: Applications.Error.UriWildcard", output, StringComparison.Ordinal);
            Assert.Contains("Nothing imported", output, StringComparison.Ordinal);
            Assert.Null(await world.WithDatabaseAsync((_, s) => s.GetRequiredService<ApplicationRegistry>().FindAsync(good, RegistryActor.Operator)));

            await File.WriteAllTextAsync(file, "[ { \"clientId\": ");
            Assert.Equal(1, (await RunAsync(["import-applications", file])).Code);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_sample_file_in_the_docs_is_valid()
    {
        var sample = Path.Combine(Infrastructure.RepositoryPaths.Root, "docs", "examples", "applications.json");
        var entries = JsonSerializer.Deserialize<List<Dictionary<string, JsonElement>>>(await File.ReadAllTextAsync(sample))!;
        Assert.NotEmpty(entries);
        var file = await WriteAsync([.. entries.Select(e => e.ToDictionary(p => p.Key, p => (object?)(p.Key == "clientId" ? "doc-" + Guid.NewGuid().ToString("N")[..8] : p.Value)))]);
        try
        {
            var (code, output) = await RunAsync(["import-applications", file]);
            Assert.True(code == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<string> StateAsync(params string[] clientIds)
    {
        var states = new List<object>();
        foreach (var clientId in clientIds)
        {
            var registered = await world.WithDatabaseAsync((_, s) => s.GetRequiredService<ApplicationRegistry>().FindAsync(clientId, RegistryActor.Operator));
            Assert.NotNull(registered);
            states.Add(new
            {
                registered.Settings.DisplayNameDe, registered.Settings.ClientType, RedirectUris = registered.Settings.RedirectUris.Order().ToList(),
                Scopes = registered.Settings.Scopes.Order().ToList(), registered.Fachanwendung.IsApproved, Secrets = registered.Secrets.Count(),
                Roles = registered.Roles.Select(r => $"{r.Key}|{r.DisplayNameDe}|{r.DisplayNameEn}|{r.Description}").ToList(),
            });
        }

        return JsonSerializer.Serialize(states);
    }

    private static List<Dictionary<string, object?>> Entries(string confidential, string second, string secondRedirectUri) =>
    [
        new()
        {
            ["clientId"] = confidential, ["displayNameDe"] = "Importiert", ["displayNameEn"] = "Imported", ["clientType"] = "confidential",
            ["redirectUris"] = new[] { "https://app.example.de/signin-oidc" }, ["scopes"] = new[] { "openid", "ihk.org" }, ["approved"] = true, ["firstParty"] = true,
            ["roles"] = new[] { new Dictionary<string, object?> { ["key"] = "leser", ["displayNameDe"] = "Leser(in)", ["displayNameEn"] = "Reader", ["description"] = "liest" } },
        },
        new()
        {
            ["clientId"] = second, ["displayNameDe"] = "Öffentlich", ["displayNameEn"] = "Public", ["clientType"] = "public",
            ["redirectUris"] = new[] { secondRedirectUri }, ["scopes"] = new[] { "openid" },
        },
    ];

    private static async Task<string> WriteAsync(List<Dictionary<string, object?>> entries)
    {
        var file = Path.Combine(Path.GetTempPath(), $"applications-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(entries));
        return file;
    }

    private async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        using var reader = new StringReader(string.Empty);
        await using var output = new StringWriter();
        var code = await OperatorCommandLine.RunAsync(world.Provider.Services, args, reader, output);
        return (code, output.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportApplicationsTestsOnSqlite(SqliteWorld world) : ImportApplicationsTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ImportApplicationsTestsOnPostgreSql(PostgreSqlWorld world) : ImportApplicationsTests(world);
