using System.Text.RegularExpressions;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Features.Shared;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>The checks every way of registering an application goes through (pages, API, import).</summary>
public static partial class ApplicationRules
{
    public const string ManagementScope = "ihk.manage";

    public const int DisplayNameMaxLength = 200;

    public const int RoleDescriptionMaxLength = 1000;

    /// <summary>Names the pages under /anwendungen use themselves.</summary>
    private static readonly HashSet<string> ReservedClientIds = ["neu"];

    /// <summary>The scopes a Fachanwendung may be allowed to ask for.</summary>
    public static readonly IReadOnlyList<string> OfferedScopes =
        [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, IhkClaims.OrganisationScope];

    public static IReadOnlyList<BrokenRule> Check(ApplicationSettings settings, bool mayGrantManagementAccess, bool mayRelaxPkce)
    {
        var errors = new List<BrokenRule>();
        if (!ClientIdPattern().IsMatch(settings.ClientId ?? string.Empty))
        {
            errors.Add(new(nameof(settings.ClientId), "Applications.Error.ClientId"));
        }
        else if (ReservedClientIds.Contains(settings.ClientId!))
        {
            errors.Add(new(nameof(settings.ClientId), "Applications.Error.ClientIdTaken"));
        }

        CheckName(errors, nameof(settings.DisplayNameDe), settings.DisplayNameDe);
        CheckName(errors, nameof(settings.DisplayNameEn), settings.DisplayNameEn);
        CheckUris(errors, nameof(settings.RedirectUris), settings.RedirectUris);
        CheckUris(errors, nameof(settings.PostLogoutRedirectUris), settings.PostLogoutRedirectUris);

        if (settings.BackChannelLogoutUri is { Length: > 0 } logout && RedirectUriRules.Check(logout) is { } logoutError)
        {
            errors.Add(new(nameof(settings.BackChannelLogoutUri), logoutError));
        }

        if (settings.Scopes.Any(s => !OfferedScopes.Contains(s, StringComparer.Ordinal)))
        {
            errors.Add(new(nameof(settings.Scopes), "Applications.Error.ScopeUnknown"));
        }

        if (settings.Scopes.Count > 0 && settings.RedirectUris.Count == 0)
        {
            errors.Add(new(nameof(settings.RedirectUris), "Applications.Error.RedirectUriNeeded"));
        }

        if (settings.ClientType == ApplicationClientType.Public && settings.RedirectUris.Count == 0)
        {
            errors.Add(new(nameof(settings.RedirectUris), "Applications.Error.RedirectUriNeeded"));
        }

        if (settings.ManagementAccess && !mayGrantManagementAccess)
        {
            errors.Add(new(nameof(settings.ManagementAccess), "Applications.Error.ManagementAccessForbidden"));
        }

        if (settings.ManagementAccess && settings.ClientType == ApplicationClientType.Public)
        {
            errors.Add(new(nameof(settings.ManagementAccess), "Applications.Error.ManagementAccessPublic"));
        }

        // A public client has nothing but PKCE to bind its code to itself (RFC 9700 §2.1.1).
        if (!settings.PkceRequired && settings.ClientType == ApplicationClientType.Public)
        {
            errors.Add(new(nameof(settings.PkceRequired), "Applications.Error.PkcePublic"));
        }
        else if (!settings.PkceRequired && !mayRelaxPkce)
        {
            errors.Add(new(nameof(settings.PkceRequired), "Applications.Error.PkceRelaxForbidden"));
        }

        errors.AddRange(ResourcesKeysOrigins.Check(settings));

        return errors;
    }

    public static IReadOnlyList<BrokenRule> Check(RoleDefinition role, string prefix = "")
    {
        var errors = new List<BrokenRule>();
        if (!RoleKeyPattern().IsMatch(role.Key ?? string.Empty))
        {
            errors.Add(new(prefix + nameof(role.Key), "Applications.Error.RoleKey"));
        }

        CheckName(errors, prefix + nameof(role.DisplayNameDe), role.DisplayNameDe);
        CheckName(errors, prefix + nameof(role.DisplayNameEn), role.DisplayNameEn);
        if (role.Description is { Length: > RoleDescriptionMaxLength })
        {
            errors.Add(new(prefix + nameof(role.Description), "Applications.Error.RoleDescriptionLength"));
        }

        return errors;
    }

    private static void CheckName(List<BrokenRule> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "Applications.Error.NameRequired"));
        }
        else if (value.Length > DisplayNameMaxLength)
        {
            errors.Add(new(field, "Applications.Error.NameLength"));
        }
    }

    private static void CheckUris(List<BrokenRule> errors, string field, IReadOnlyList<string> uris)
    {
        if (uris.Count > RedirectUriRules.MaxCount)
        {
            errors.Add(new(field, "Applications.Error.UriCount"));
            return;
        }

        for (var i = 0; i < uris.Count; i++)
        {
            if (RedirectUriRules.Check(uris[i]) is { } error)
            {
                errors.Add(new($"{field}[{i}]", error));
            }
        }
    }

    /// <summary>Lower-case letters, digits and hyphens, 3 to 64 characters, starting and ending with a letter or digit.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")]
    private static partial Regex ClientIdPattern();

    /// <summary>What tokens carry: lower-case letters, digits, '-', '_' and '.', 1 to 100 characters.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,99}$")]
    private static partial Regex RoleKeyPattern();
}
