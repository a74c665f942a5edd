using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Seeding;

public static class DemoData
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
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

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await SeedClientsAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), options, cancellationToken);
        if (!await db.Chambers.AnyAsync(cancellationToken))
        {
            await SeedWorldAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(), options.Password, options.SampleAppUrl, now);
        }

        if (!string.IsNullOrEmpty(options.ManagementClientSecret))
        {
            await SeedManagementClientAsync(db, scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), options.ManagementClientSecret, now, cancellationToken);
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

    private static async Task SeedClientsAsync(IOpenIddictApplicationManager manager, DemoDataOptions options, CancellationToken cancellationToken)
    {
        var sample = options.SampleAppUrl;
        await UpsertAsync(manager, new OpenIddictApplicationDescriptor
        {
            ClientId = DemoCatalogue.BerichtsheftClientId,
            ClientSecret = options.SampleAppSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Digitales Berichtsheft",
            RedirectUris = { new Uri(sample, "signin-oidc") },
            PostLogoutRedirectUris = { new Uri(sample, "signout-callback-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.GrantTypes.ClientCredentials,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + Features.Protocol.IhkClaims.OrganisationScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellationToken);

        await UpsertAsync(manager, new OpenIddictApplicationDescriptor
        {
            ClientId = DemoCatalogue.PruefungClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Prüfungsanmeldung",
            RedirectUris = { new Uri("http://localhost:5003/signin-oidc") },
            PostLogoutRedirectUris = { new Uri("http://localhost:5003/signout-callback-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + Features.Protocol.IhkClaims.OrganisationScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellationToken);
    }

    /// <summary>The platform team's automation: client_credentials with the management scope (a configured secret, so PBKDF2).</summary>
    private static async Task SeedManagementClientAsync(ApplicationDbContext db, IOpenIddictApplicationManager manager, string secret, DateTime now, CancellationToken cancellationToken)
    {
        await UpsertAsync(manager, new OpenIddictApplicationDescriptor
        {
            ClientId = DemoCatalogue.ManagementClientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Plattform-Automation",
            Permissions =
            {
                Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Features.Applications.ApplicationRules.ManagementScope,
            },
        }, cancellationToken);

        if (!await db.Fachanwendungen.AnyAsync(f => f.ClientId == DemoCatalogue.ManagementClientId, cancellationToken))
        {
            db.Fachanwendungen.Add(new Fachanwendung
            {
                ClientId = DemoCatalogue.ManagementClientId, DisplayNameDe = "Plattform-Automation", DisplayNameEn = "Platform automation",
                ManagementAccess = true, ApprovedAt = now, ApprovedBy = "demo", CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task UpsertAsync(IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        var existing = await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    private static async Task SeedWorldAsync(ApplicationDbContext db, UserManager<ApplicationUser> users, string password, Uri sampleAppUrl, DateTime now)
    {
        var aachen = new Chamber { Kammernummer = DemoCatalogue.AachenKammernummer, Name = "IHK Aachen", Street = "Theaterstraße 6-10", PostalCode = "52062", City = "Aachen" };
        var ostfriesland = new Chamber { Kammernummer = DemoCatalogue.OstfrieslandKammernummer, Name = "IHK für Ostfriesland und Papenburg", Street = "Ringstraße 4", PostalCode = "26721", City = "Emden" };
        db.Chambers.AddRange(aachen, ostfriesland);

        var berichtsheft = new Fachanwendung { ClientId = DemoCatalogue.BerichtsheftClientId, DisplayNameDe = "Digitales Berichtsheft", DisplayNameEn = "Digital training record", ApprovedAt = now, ApprovedBy = "demo", CreatedAt = now,
            BackChannelLogoutUri = new Uri(sampleAppUrl, "signout-backchannel").ToString() };
        foreach (var (key, de, en, description) in DemoCatalogue.BerichtsheftRoles)
        {
            berichtsheft.AddRole(key, de, en, description);
        }

        var pruefung = new Fachanwendung { ClientId = DemoCatalogue.PruefungClientId, DisplayNameDe = "Prüfungsanmeldung", DisplayNameEn = "Examination registration", RoleRequired = true, ApprovedAt = now, ApprovedBy = "demo", CreatedAt = now };
        foreach (var (key, de, en, description) in DemoCatalogue.PruefungRoles)
        {
            pruefung.AddRole(key, de, en, description);
        }

        db.Fachanwendungen.AddRange(berichtsheft, pruefung);

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
