namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>The registration and settings form: addresses one per line in a text area.</summary>
public sealed class ApplicationInput
{
    public string? DisplayNameDe { get; set; }

    public string? DisplayNameEn { get; set; }

    public string? ClientId { get; set; }

    public ApplicationClientType ClientType { get; set; } = ApplicationClientType.Confidential;

    public string? RedirectUris { get; set; }

    public string? PostLogoutRedirectUris { get; set; }

    public List<string> Scopes { get; set; } = [];

    public bool RoleRequired { get; set; }

    public string? BackChannelLogoutUri { get; set; }

    public bool ManagementAccess { get; set; }

    /// <summary>Ticked by a platform administrator to let a confidential client go without PKCE.</summary>
    public bool RelaxPkce { get; set; }

    // Audiences, client keys and browser origins (ResourcesKeysOrigins).
    public string? Resources { get; set; }

    public string? WebOrigins { get; set; }

    public string? JsonWebKeySet { get; set; }

    public string? JwksUri { get; set; }

    public static ApplicationInput New() => new() { Scopes = [OpenIddict.Abstractions.OpenIddictConstants.Scopes.OpenId] };

    public static ApplicationInput From(ApplicationSettings settings) => new()
    {
        DisplayNameDe = settings.DisplayNameDe,
        DisplayNameEn = settings.DisplayNameEn,
        ClientId = settings.ClientId,
        ClientType = settings.ClientType,
        RedirectUris = string.Join('\n', settings.RedirectUris),
        PostLogoutRedirectUris = string.Join('\n', settings.PostLogoutRedirectUris),
        Scopes = [.. settings.Scopes],
        RoleRequired = settings.RoleRequired,
        BackChannelLogoutUri = settings.BackChannelLogoutUri,
        ManagementAccess = settings.ManagementAccess,
        RelaxPkce = !settings.PkceRequired,
        Resources = string.Join('\n', settings.Resources),
        WebOrigins = string.Join('\n', settings.WebOrigins),
        JsonWebKeySet = settings.JsonWebKeySet,
        JwksUri = settings.JwksUri,
    };

    /// <summary>The settings, and for each address list the text-area line each address came from (1-based).</summary>
    public (ApplicationSettings Settings, IReadOnlyDictionary<string, IReadOnlyList<int>> Lines) ToSettings()
    {
        var (redirects, redirectLines) = Split(RedirectUris);
        var (logouts, logoutLines) = Split(PostLogoutRedirectUris);
        var (resources, resourceLines) = Split(Resources);
        var (origins, originLines) = Split(WebOrigins);
        var settings = new ApplicationSettings
        {
            ClientId = ClientId ?? string.Empty,
            DisplayNameDe = DisplayNameDe ?? string.Empty,
            DisplayNameEn = DisplayNameEn ?? string.Empty,
            ClientType = ClientType,
            RedirectUris = redirects,
            PostLogoutRedirectUris = logouts,
            Scopes = Scopes,
            RoleRequired = RoleRequired,
            BackChannelLogoutUri = BackChannelLogoutUri,
            ManagementAccess = ManagementAccess,
            PkceRequired = !RelaxPkce,
            Resources = resources,
            WebOrigins = origins,
            JsonWebKeySet = JsonWebKeySet,
            JwksUri = JwksUri,
        };
        return (settings, new Dictionary<string, IReadOnlyList<int>>
        {
            [nameof(ApplicationSettings.Resources)] = resourceLines,
            [nameof(ApplicationSettings.WebOrigins)] = originLines,
            [nameof(ApplicationSettings.RedirectUris)] = redirectLines,
            [nameof(ApplicationSettings.PostLogoutRedirectUris)] = logoutLines,
        });
    }

    /// <summary>Non-empty lines, trimmed, without repeats (as the registry keeps them), so that index i maps to a line.</summary>
    private static (List<string> Values, List<int> Lines) Split(string? text)
    {
        var values = new List<string>();
        var lines = new List<int>();
        var all = (text ?? string.Empty).Split('\n');
        for (var i = 0; i < all.Length; i++)
        {
            var value = all[i].Trim();
            if (value.Length > 0 && !values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
                lines.Add(i + 1);
            }
        }

        return (values, lines);
    }
}
