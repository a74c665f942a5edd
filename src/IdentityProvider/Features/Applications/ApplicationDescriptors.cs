using System.Globalization;
using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// The mapping between the registry's settings and OpenIddict's client: which permissions, redirect addresses,
/// requirements and properties a Fachanwendung's settings make, and the settings read back from a client.
/// Pure: no database, no clock; the registry decides what may be written.
/// </summary>
public static class ApplicationDescriptors
{
    /// <summary>The client property that records the scopes the developer chose (the permissions alone lose openid).</summary>
    public const string ScopesProperty = "ihk_scopes";

    /// <summary>Writes the protocol side of the settings into OpenIddict's client (the secret is the caller's).</summary>
    public static void Describe(OpenIddictApplicationDescriptor descriptor, ApplicationSettings settings)
    {
        var confidential = settings.ClientType == ApplicationClientType.Confidential;
        var logsUsersIn = settings.RedirectUris.Count > 0;
        descriptor.ClientId = settings.ClientId;
        descriptor.ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public;
        descriptor.ApplicationType = ApplicationTypes.Web;
        descriptor.ConsentType = ConsentTypes.Implicit;
        descriptor.DisplayName = settings.DisplayNameDe;
        descriptor.DisplayNames.Clear();
        descriptor.DisplayNames[CultureInfo.GetCultureInfo("de")] = settings.DisplayNameDe;
        descriptor.DisplayNames[CultureInfo.GetCultureInfo("en")] = settings.DisplayNameEn;

        descriptor.RedirectUris.Clear();
        foreach (var uri in settings.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        descriptor.PostLogoutRedirectUris.Clear();
        foreach (var uri in settings.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        descriptor.Permissions.Clear();
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (logsUsersIn)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code]);
        }

        if (confidential)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.GrantTypes.ClientCredentials]);
        }

        if (logsUsersIn && settings.Scopes.Contains(Scopes.OfflineAccess))
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
        }

        foreach (var scope in settings.Scopes.Where(s => s is not Scopes.OpenId and not Scopes.OfflineAccess))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        if (settings.ManagementAccess)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + ApplicationRules.ManagementScope);
        }

        descriptor.Requirements.Clear();
        if (settings.PkceRequired)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        descriptor.Properties[ScopesProperty] = JsonSerializer.SerializeToElement(settings.Scopes);
        ResourcesKeysOrigins.Describe(descriptor, settings);
    }

    /// <summary>The settings of a Fachanwendung and its client, as pages and the API show them.</summary>
    public static ApplicationSettings SettingsOf(Fachanwendung application, OpenIddictApplicationDescriptor descriptor) =>
        ResourcesKeysOrigins.Read(ProtocolSettingsOf(application, descriptor), descriptor);

    private static ApplicationSettings ProtocolSettingsOf(Fachanwendung application, OpenIddictApplicationDescriptor descriptor) => new()
    {
        ClientId = application.ClientId,
        DisplayNameDe = application.DisplayNameDe,
        DisplayNameEn = application.DisplayNameEn,
        ClientType = descriptor.ClientType == ClientTypes.Public ? ApplicationClientType.Public : ApplicationClientType.Confidential,
        RedirectUris = [.. descriptor.RedirectUris.Select(u => u.OriginalString)],
        PostLogoutRedirectUris = [.. descriptor.PostLogoutRedirectUris.Select(u => u.OriginalString)],
        Scopes = descriptor.Properties.TryGetValue(ScopesProperty, out var scopes) && scopes.ValueKind == JsonValueKind.Array
            ? [.. scopes.EnumerateArray().Select(s => s.GetString()!)]
            : [],
        RoleRequired = application.RoleRequired,
        BackChannelLogoutUri = application.BackChannelLogoutUri,
        ManagementAccess = application.ManagementAccess,
        PkceRequired = descriptor.Requirements.Contains(Requirements.Features.ProofKeyForCodeExchange),
    };
}
