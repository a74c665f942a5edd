using System.Text.Json;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Seeding;

public static class DemoData
{
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddOptions<DemoDataOptions>().BindConfiguration("Demo").ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static async Task SeedDemoDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DemoDataOptions>>().Value;
        if (!options.Seed)
        {
            return;
        }

        if (string.IsNullOrEmpty(options.Password))
        {
            throw new InvalidOperationException("Demo:Seed is on but Demo:Password is not set.");
        }

        // The demo data includes a platform administrator with a documented password: configuration alone never
        // brings it into a real installation. Only the environment (or code, for test hosts) allows it.
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDevelopment() && services.GetService<DemoSeedingOutsideDevelopment>() is null)
        {
            throw new InvalidOperationException(
                $"Demo:Seed is refused in the environment '{environment.EnvironmentName}': demo data is seeded in Development only.");
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await SeedApplicationsAsync(scope.ServiceProvider.GetRequiredService<ApplicationRegistry>(), options, cancellationToken);
        if (!string.IsNullOrEmpty(options.SecondFactorRequiredBy))
        {
            // The demo's "requires a second factor" application (by default the Prüfungsanmeldung, see appsettings.Development.json).
            await db.Fachanwendungen.Where(f => f.ClientId == options.SecondFactorRequiredBy)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.RequiresSecondFactor, true), cancellationToken);
        }
        if (!await db.Chambers.AnyAsync(cancellationToken))
        {
            await SeedWorldAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(), options.Password, now);
        }

        await DemoChamberData.SeedAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(), options.Password, now, cancellationToken);
        await DemoPlatformData.SeedAsync(scope.ServiceProvider, options.Password, now, cancellationToken);

        if (options.PrintLogins)
        {
            Console.WriteLine($"""

                meine ihk demo logins (password from Demo:Password: {options.Password})
                  azubi              Auszubildende(r) im Digitalen Berichtsheft
                  ausbilder          Ausbildende(r) in zwei Organisationen (Auswahl der Organisation)
                  ohnerolle          Mitglied ohne Rolle (wird abgewiesen)
                  unternehmensadmin  Unternehmensadministrator ohne eigene Rolle
                  kammer             IHK-Mitarbeiterin der IHK Aachen (Anträge prüfen, Briefausgang, Mitgliederverzeichnis)
                  antrag             hat die Registrierung der Beispiel Bäckerei GmbH beantragt (wartet auf die Kammer)
                  entwickler         Entwickler: registriert Fachanwendungen (/anwendungen), eine wartet auf Freigabe
                  plattform          Plattform-Administratorin: Freigaben, Sperren, Entwicklerrolle (/plattform)

                """);
        }
    }

    /// <summary>
    /// The demo's Fachanwendungen, registered and approved through the registry like any application from /anwendungen
    /// (the sample application and the management client with the configured secrets they are started with).
    /// Settings are brought up to date on every start; roles are only set when the application is created.
    /// </summary>
    private static async Task SeedApplicationsAsync(ApplicationRegistry registry, DemoDataOptions options, CancellationToken cancellationToken)
    {
        var sample = options.SampleAppUrl;
        await EnsureAsync(registry, new ApplicationSettings
        {
            ClientId = DemoCatalogue.BerichtsheftClientId,
            DisplayNameDe = "Digitales Berichtsheft",
            DisplayNameEn = "Digital training record",
            ClientType = ApplicationClientType.Confidential,
            RedirectUris = [new Uri(sample, "signin-oidc").ToString()],
            PostLogoutRedirectUris = [new Uri(sample, "signout-callback-oidc").ToString()],
            Scopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, IhkClaims.OrganisationScope],
            BackChannelLogoutUri = new Uri(sample, "signout-backchannel").ToString(),
        }, DemoCatalogue.BerichtsheftRoles, options.SampleAppSecret, cancellationToken);

        await EnsureAsync(registry, new ApplicationSettings
        {
            ClientId = DemoCatalogue.PruefungClientId,
            DisplayNameDe = "Prüfungsanmeldung",
            DisplayNameEn = "Examination registration",
            ClientType = ApplicationClientType.Public,
            RedirectUris = ["http://localhost:5003/signin-oidc"],
            PostLogoutRedirectUris = ["http://localhost:5003/signout-callback-oidc"],
            Scopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, IhkClaims.OrganisationScope],
            RoleRequired = true,
        }, DemoCatalogue.PruefungRoles, null, cancellationToken);

        // The chambers' own applications: users are not asked for consent. An application a developer registers is not.
        foreach (var clientId in new[] { DemoCatalogue.BerichtsheftClientId, DemoCatalogue.PruefungClientId })
        {
            if (await registry.FindAsync(clientId, RegistryActor.Operator, cancellationToken) is { Fachanwendung.FirstParty: false })
            {
                Ensure(await registry.SetFirstPartyAsync(clientId, true, RegistryActor.Operator, cancellationToken), clientId);
            }
        }

        if (!string.IsNullOrEmpty(options.ManagementClientSecret))
        {
            // The platform team's automation: client_credentials with the management scope (a configured secret, so PBKDF2).
            await EnsureAsync(registry, new ApplicationSettings
            {
                ClientId = DemoCatalogue.ManagementClientId,
                DisplayNameDe = "Plattform-Automation",
                DisplayNameEn = "Platform automation",
                ClientType = ApplicationClientType.Confidential,
                ManagementAccess = true,
            }, [], options.ManagementClientSecret, cancellationToken);
        }
    }

    private static async Task EnsureAsync(
        ApplicationRegistry registry, ApplicationSettings settings, IReadOnlyList<(string Key, string De, string En, string Description)> roles,
        string? secret, CancellationToken cancellationToken)
    {
        var actor = RegistryActor.Operator;
        if (await registry.FindAsync(settings.ClientId, actor, cancellationToken) is { } existing)
        {
            if (JsonSerializer.Serialize(existing.Settings) != JsonSerializer.Serialize(settings))
            {
                Ensure(await registry.UpdateAsync(settings.ClientId, settings, null, actor, cancellationToken), settings.ClientId);
            }

            return;
        }

        var definitions = roles.Select(r => new RoleDefinition(r.Key, r.De, r.En, r.Description)).ToList();
        Ensure(string.IsNullOrEmpty(secret)
            ? await registry.CreateAsync(settings, definitions, actor, cancellationToken)
            : await registry.CreateWithConfiguredSecretAsync(settings, definitions, secret, actor, cancellationToken), settings.ClientId);
        Ensure(await registry.ApproveAsync(settings.ClientId, actor, cancellationToken), settings.ClientId);
    }

    private static void Ensure<T>(Result<T> result, string clientId)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Demo application {clientId}: {result.Status} {string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey))}");
        }
    }

    private static async Task SeedWorldAsync(ApplicationDbContext db, UserManager<ApplicationUser> users, string password, DateTime now)
    {
        var aachen = new Chamber { Kammernummer = DemoCatalogue.AachenKammernummer, Name = "IHK Aachen", Street = "Theaterstraße 6-10", PostalCode = "52062", City = "Aachen" };
        var ostfriesland = new Chamber { Kammernummer = DemoCatalogue.OstfrieslandKammernummer, Name = "IHK für Ostfriesland und Papenburg", Street = "Ringstraße 4", PostalCode = "26721", City = "Emden" };
        db.Chambers.AddRange(aachen, ostfriesland);

        var berichtsheft = await db.Fachanwendungen.Include(f => f.Roles).SingleAsync(f => f.ClientId == DemoCatalogue.BerichtsheftClientId);
        var pruefung = await db.Fachanwendungen.Include(f => f.Roles).SingleAsync(f => f.ClientId == DemoCatalogue.PruefungClientId);

        var spielUndSpass = new Organisation
        {
            Firmierung = "Spiel- und Spaß GmbH", Rechtsform = "GmbH", Strasse = "Musterstraße", Hausnummer = "1",
            Plz = "52062", Ort = "Aachen", Identnummer = "11", Chamber = aachen, Status = OrganisationStatus.Active, CreatedAt = now,
        };
        var musterbau = new Organisation
        {
            Firmierung = "Musterbau GmbH & Co. KG", Rechtsform = "GmbH & Co. KG", Strasse = "Hafenstraße", Hausnummer = "12",
            Plz = "26721", Ort = "Emden", Identnummer = "4711", Chamber = ostfriesland, Status = OrganisationStatus.Active, CreatedAt = now,
        };
        db.Organisations.AddRange(spielUndSpass, musterbau);

        var azubi = await CreateUserAsync(users, "azubi", "Anna", "Azubi", Anrede.Frau, password, now);
        var ausbilder = await CreateUserAsync(users, "ausbilder", "Bernd", "Ausbilder", Anrede.Herr, password, now);
        var ohneRolle = await CreateUserAsync(users, "ohnerolle", "Olaf", "Ohnerolle", Anrede.Herr, password, now);
        var admin = await CreateUserAsync(users, "unternehmensadmin", "Ute", "Unternehmensadmin", Anrede.Frau, password, now);

        var azubiMembership = spielUndSpass.AddMember(azubi, isAdministrator: false, now);
        azubiMembership.GrantRole(Role(berichtsheft, "auszubildender"), now);
        azubiMembership.GrantRole(Role(pruefung, "pruefungsteilnehmer"), now);
        spielUndSpass.AddMember(ausbilder, isAdministrator: false, now).GrantRole(Role(berichtsheft, "ausbildender"), now);
        musterbau.AddMember(ausbilder, isAdministrator: false, now).GrantRole(Role(berichtsheft, "ausbildender"), now);
        spielUndSpass.AddMember(ohneRolle, isAdministrator: false, now);
        spielUndSpass.AddMember(admin, isAdministrator: true, now);

        await db.SaveChangesAsync();
    }

    private static FachanwendungRole Role(Fachanwendung fachanwendung, string key) => fachanwendung.Roles.Single(r => r.Key == key);

    internal static async Task<ApplicationUser> CreateUserAsync(
        UserManager<ApplicationUser> users, string userName, string givenName, string familyName, Anrede anrede, string password, DateTime now)
    {
        var user = new ApplicationUser
        {
            CreatedAt = now,
            UserName = userName,
            Email = $"{userName}@example.org",
            EmailConfirmed = true,
            GivenName = givenName,
            FamilyName = familyName,
            Anrede = anrede,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo user " + userName + ": " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }

        return user;
    }
}
