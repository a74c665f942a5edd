using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Features.ChamberStaff.Letters;
using MeineIhk.Tests.Features.ChamberStaff.MemberRegister;
using MeineIhk.Tests.Features.ChamberStaff.Review;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Operations;

/// <summary>The operators' bootstrap commands, run in process against the world's database.</summary>
public abstract class OperatorCommandsTests(TestWorld world)
{
    [Fact]
    public async Task Create_platform_admin_creates_the_user_with_the_prompted_password_and_promotes_an_existing_one()
    {
        var userName = "plattform" + Guid.NewGuid().ToString("N")[..8];
        var (code, output) = await RunAsync(["create-platform-admin", userName, userName + "@example.org"], "Plattform-Passwort-2026!\n");
        Assert.Equal(0, code);
        Assert.Contains("is a platform administrator", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Plattform-Passwort-2026!", output, StringComparison.Ordinal);

        var scenario = await ChamberScenario.CreateAsync(world);
        var existing = await world.CreateUserAsync();
        Assert.Equal(0, (await RunAsync(["create-platform-admin", existing, "ignored@example.org"], string.Empty)).Code);

        await world.WithDatabaseAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var created = (await users.FindByNameAsync(userName))!;
            Assert.True(await users.CheckPasswordAsync(created, "Plattform-Passwort-2026!"));
            Assert.True(await users.IsInRoleAsync(created, PlatformRoles.Administrator));
            Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync(existing))!, PlatformRoles.Administrator));
            return true;
        });
    }

    [Fact]
    public async Task Grant_chamber_staff_opens_the_chamber_pages_and_import_register_fills_the_register()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        var userName = await world.CreateUserAsync();
        using var before = await world.LoggedInAsync(userName);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await before.PageAsync("/kammer")).Status);

        Assert.Equal(0, (await RunAsync(["grant-chamber-staff", userName, scenario.Kammernummer], string.Empty)).Code);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await before.PageAsync("/kammer")).Status);
        Assert.Equal(1, (await RunAsync(["grant-chamber-staff", userName, "X-unbekannt"], string.Empty)).Code);

        var file = Path.Combine(Path.GetTempPath(), $"register-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, ChamberScenario.Csv("4001;Kommando GmbH;GmbH;Weg;1;50667;Köln;;;;;;;;"));
        try
        {
            var (code, output) = await RunAsync(["import-register", scenario.Kammernummer, file], string.Empty);
            Assert.Equal(0, code);
            Assert.Contains("Imported 1 entries", output, StringComparison.Ordinal);

            await File.WriteAllBytesAsync(file, ChamberScenario.Csv("4002;Kaputt GmbH;GmbH;Weg;1;123;Köln;;;;;;;;"));
            var (failed, errors) = await RunAsync(["import-register", scenario.Kammernummer, file], string.Empty);
            Assert.Equal(1, failed);
            Assert.Contains("line 2, column PLZ: Plz", errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var entries = await world.WithDatabaseAsync(async (db, _) => await db.MemberRegister.AsNoTracking().Where(e => e.ChamberId == scenario.Chamber.Id).ToListAsync());
        Assert.Equal("Kommando GmbH", Assert.Single(entries).Firmierung);

        Assert.Equal(0, (await RunAsync(["revoke-chamber-staff", userName], string.Empty)).Code);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await before.PageAsync("/kammer")).Status);
    }

    private async Task<(int Code, string Output)> RunAsync(string[] args, string input)
    {
        using var reader = new StringReader(input);
        await using var output = new StringWriter();
        var code = await OperatorCommandLine.RunAsync(world.Provider.Services, args, reader, output);
        return (code, output.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OperatorCommandsTestsOnSqlite(SqliteWorld world) : OperatorCommandsTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class OperatorCommandsTestsOnPostgreSql(PostgreSqlWorld world) : OperatorCommandsTests(world);
