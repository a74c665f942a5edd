using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.Tests.Features.Applications;

/// <summary>The mapping of a Fachanwendung's settings to OpenIddict's client and back, without a database.</summary>
public sealed class ApplicationDescriptorsTests
{
    private static ApplicationSettings Settings(ApplicationClientType type, params string[] scopes) => new()
    {
        ClientId = "berichtsheft",
        DisplayNameDe = "Digitales Berichtsheft",
        DisplayNameEn = "Digital training record",
        ClientType = type,
        RedirectUris = ["https://berichtsheft.example/signin-oidc"],
        PostLogoutRedirectUris = ["https://berichtsheft.example/signout-callback-oidc"],
        Scopes = scopes,
    };

    private static OpenIddictApplicationDescriptor Described(ApplicationSettings settings)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        ApplicationDescriptors.Describe(descriptor, settings);
        return descriptor;
    }

    [Fact]
    public void A_confidential_client_with_offline_access_and_ihk_org_gets_exactly_the_expected_permissions()
    {
        var descriptor = Described(Settings(ApplicationClientType.Confidential, "openid", "profile", "offline_access", "ihk.org"));

        string[] expected =
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.Endpoints.Token,
            Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.GrantTypes.ClientCredentials,
            Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile, Permissions.Prefixes.Scope + "ihk.org",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), descriptor.Permissions.Order(StringComparer.Ordinal));
        Assert.Equal(ClientTypes.Confidential, descriptor.ClientType);
        Assert.Equal(ConsentTypes.Implicit, descriptor.ConsentType);
        Assert.Equal([Requirements.Features.ProofKeyForCodeExchange], descriptor.Requirements);
    }

    [Fact]
    public void A_confidential_client_whose_PKCE_was_relaxed_has_no_requirement_and_reads_back_as_relaxed()
    {
        var descriptor = Described(Settings(ApplicationClientType.Confidential, "openid") with { PkceRequired = false });

        Assert.Empty(descriptor.Requirements);
        Assert.False(ApplicationDescriptors.SettingsOf(
            new Fachanwendung { ClientId = "berichtsheft", DisplayNameDe = "x", DisplayNameEn = "x" }, descriptor).PkceRequired);
    }

    [Fact]
    public void A_public_client_needs_pkce_and_gets_no_secret_and_no_client_credentials()
    {
        var descriptor = Described(Settings(ApplicationClientType.Public, "openid", "email"));

        Assert.Equal(ClientTypes.Public, descriptor.ClientType);
        Assert.Null(descriptor.ClientSecret);
        Assert.Contains(Requirements.Features.ProofKeyForCodeExchange, descriptor.Requirements);
        Assert.DoesNotContain(Permissions.GrantTypes.ClientCredentials, descriptor.Permissions);
        Assert.DoesNotContain(Permissions.Endpoints.Introspection, descriptor.Permissions);
        Assert.DoesNotContain(Permissions.GrantTypes.RefreshToken, descriptor.Permissions);
    }

    [Fact]
    public void Management_access_adds_the_management_scope_and_a_back_end_without_redirects_cannot_log_users_in()
    {
        var settings = Settings(ApplicationClientType.Confidential) with { RedirectUris = [], PostLogoutRedirectUris = [], ManagementAccess = true };

        var descriptor = Described(settings);

        string[] expected =
        [
            Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + ApplicationRules.ManagementScope,
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), descriptor.Permissions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Settings_read_back_from_the_client_are_the_settings_written_scopes_included()
    {
        var settings = Settings(ApplicationClientType.Public, "openid", "profile", "email", "offline_access", "ihk.org") with
        {
            RoleRequired = true,
            BackChannelLogoutUri = "https://berichtsheft.example/signout-backchannel",
        };
        var application = new Fachanwendung
        {
            ClientId = settings.ClientId, DisplayNameDe = settings.DisplayNameDe, DisplayNameEn = settings.DisplayNameEn,
            RoleRequired = true, BackChannelLogoutUri = settings.BackChannelLogoutUri,
        };

        var read = ApplicationDescriptors.SettingsOf(application, Described(settings));

        Assert.Equal(settings.Scopes, read.Scopes);
        Assert.Equal(settings.RedirectUris, read.RedirectUris);
        Assert.Equal(settings.PostLogoutRedirectUris, read.PostLogoutRedirectUris);
        Assert.Equal(ApplicationClientType.Public, read.ClientType);
        Assert.Equal("https://berichtsheft.example/signout-backchannel", read.BackChannelLogoutUri);
        Assert.True(read.RoleRequired);
    }

    [Fact]
    public void Display_names_go_to_the_client_in_both_languages()
    {
        var descriptor = Described(Settings(ApplicationClientType.Confidential, "openid"));

        Assert.Equal("Digitales Berichtsheft", descriptor.DisplayName);
        Assert.Equal("Digital training record", descriptor.DisplayNames[System.Globalization.CultureInfo.GetCultureInfo("en")]);
    }
}
