using System.Text.Json;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// An application's API resources (RFC 8707), its client keys for private_key_jwt (RFC 7523) and the browser origins of
/// a public client (CORS): the rules every way of registering goes through, and where they live in the OpenIddict
/// client. Resources are resource permissions ("rsrc:…"), so OpenIddict itself refuses a resource the client has not
/// registered; keys are the client's JSON Web Key Set; origins and the jwks_uri are client properties. All of it is in
/// the cached client, so the token path reads no extra row.
/// </summary>
public static class ResourcesKeysOrigins
{
    public const string WebOriginsProperty = "ihk_web_origins";

    public const string JwksUriProperty = "ihk_jwks_uri";

    /// <summary>The JWKS exactly as the developer entered it (OpenIddict keeps its own parsed copy).</summary>
    public const string JsonWebKeySetProperty = "ihk_jwks";

    public const int MaxJsonWebKeySetLength = 20_000;

    /// <summary>Key types a client may register: public RSA and elliptic-curve keys, never a shared (oct) key.</summary>
    private static readonly HashSet<string> KeyTypes = ["RSA", "EC"];

    public static IEnumerable<BrokenRule> Check(ApplicationSettings settings)
    {
        var confidential = settings.ClientType == ApplicationClientType.Confidential;
        if (settings.Resources.Count > RedirectUriRules.MaxCount)
        {
            yield return new(nameof(settings.Resources), "Applications.Error.UriCount");
        }

        for (var i = 0; i < settings.Resources.Count; i++)
        {
            if (RedirectUriRules.Check(settings.Resources[i]) is { } error)
            {
                yield return new($"{nameof(settings.Resources)}[{i}]", error);
            }
        }

        if (settings.WebOrigins.Count > 0 && confidential)
        {
            yield return new(nameof(settings.WebOrigins), "Applications.Error.WebOriginsPublicOnly");
        }

        for (var i = 0; i < settings.WebOrigins.Count; i++)
        {
            if (!IsOrigin(settings.WebOrigins[i]))
            {
                yield return new($"{nameof(settings.WebOrigins)}[{i}]", "Applications.Error.WebOrigin");
            }
        }

        if ((settings.JsonWebKeySet is not null || settings.JwksUri is not null) && !confidential)
        {
            yield return new(nameof(settings.JsonWebKeySet), "Applications.Error.KeysConfidentialOnly");
        }

        if (settings.JsonWebKeySet is not null && settings.JwksUri is not null)
        {
            yield return new(nameof(settings.JwksUri), "Applications.Error.KeysOneSource");
        }

        if (settings.JsonWebKeySet is { } jwks && KeySetError(jwks) is { } keyError)
        {
            yield return new(nameof(settings.JsonWebKeySet), keyError);
        }

        if (settings.JwksUri is { } uri && RedirectUriRules.Check(uri) is { } uriError)
        {
            yield return new(nameof(settings.JwksUri), uriError);
        }
    }

    /// <summary>Exactly scheme://host[:port] (https, or http on loopback), as browsers send it in the Origin header.</summary>
    public static bool IsOrigin(string value) =>
        RedirectUriRules.Check(value + "/") is null
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), value, StringComparison.Ordinal)
        && string.Equals(value.ToLowerInvariant(), value, StringComparison.Ordinal);

    /// <summary>The resource key of what is wrong with a JWKS, or null: JSON, at least one key, public RSA/EC keys only.</summary>
    public static string? KeySetError(string json)
    {
        if (json.Length > MaxJsonWebKeySetLength)
        {
            return "Applications.Error.JsonWebKeySet";
        }

        JsonWebKeySet set;
        try
        {
            set = JsonWebKeySet.Create(json);
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or FormatException)
        {
            return "Applications.Error.JsonWebKeySet";
        }

        if (set.Keys.Count == 0 || set.Keys.Any(k => !KeyTypes.Contains(k.Kty ?? string.Empty)))
        {
            return "Applications.Error.JsonWebKeySet";
        }

        // A private key in the registration would make every reader of the settings able to impersonate the client.
        return set.Keys.Any(k => !string.IsNullOrEmpty(k.D) || !string.IsNullOrEmpty(k.P) || !string.IsNullOrEmpty(k.Q))
            ? "Applications.Error.JsonWebKeySetPrivate"
            : null;
    }

    /// <summary>Writes resources, origins and keys into the OpenIddict client (called by ApplicationDescriptors.Describe).</summary>
    public static void Describe(OpenIddictApplicationDescriptor descriptor, ApplicationSettings settings)
    {
        descriptor.Permissions.RemoveWhere(p => p.StartsWith(Permissions.Prefixes.Resource, StringComparison.Ordinal));
        foreach (var resource in settings.Resources)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Resource + resource);
        }

        SetProperty(descriptor, WebOriginsProperty, settings.WebOrigins.Count == 0 ? null : JsonSerializer.SerializeToElement(settings.WebOrigins));
        SetProperty(descriptor, JwksUriProperty, settings.JwksUri is null ? null : JsonSerializer.SerializeToElement(settings.JwksUri));
        SetProperty(descriptor, JsonWebKeySetProperty, settings.JsonWebKeySet is null ? null : JsonSerializer.SerializeToElement(settings.JsonWebKeySet));
        descriptor.JsonWebKeySet = settings.JsonWebKeySet is null ? null : JsonWebKeySet.Create(settings.JsonWebKeySet);
    }

    /// <summary>The settings read back from the client.</summary>
    public static ApplicationSettings Read(ApplicationSettings settings, OpenIddictApplicationDescriptor descriptor) => settings with
    {
        Resources = [.. ResourcesOf(descriptor.Permissions)],
        WebOrigins = descriptor.Properties.TryGetValue(WebOriginsProperty, out var origins) ? StringsOf(origins) : [],
        JwksUri = descriptor.Properties.TryGetValue(JwksUriProperty, out var uri) && uri.ValueKind == JsonValueKind.String ? uri.GetString() : null,
        JsonWebKeySet = descriptor.Properties.TryGetValue(JsonWebKeySetProperty, out var jwks) && jwks.ValueKind == JsonValueKind.String ? jwks.GetString() : null,
    };

    public static IEnumerable<string> ResourcesOf(IEnumerable<string> permissions) =>
        permissions.Where(p => p.StartsWith(Permissions.Prefixes.Resource, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Resource.Length..]);

    public static string[] StringsOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)] : [];

    /// <summary>
    /// The resources of <paramref name="resources"/> that another client has registered. A resource belongs to one
    /// application: otherwise a second application could ask for tokens addressed to someone else's API.
    /// </summary>
    public static async Task<IReadOnlyList<int>> TakenResourcesAsync(
        this ApplicationDbContext db, string clientId, IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        if (resources.Count == 0)
        {
            return [];
        }

        var others = await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
            .Where(a => a.ClientId != clientId && a.Permissions != null && a.Permissions.Contains(Permissions.Prefixes.Resource))
            .Select(a => a.Permissions!)
            .ToListAsync(cancellationToken);
        var taken = others
            .SelectMany(p => ResourcesOf(JsonSerializer.Deserialize<string[]>(p) ?? []))
            .ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, resources.Count).Where(i => taken.Contains(resources[i]))];
    }

    private static void SetProperty(OpenIddictApplicationDescriptor descriptor, string name, JsonElement? value)
    {
        if (value is { } v)
        {
            descriptor.Properties[name] = v;
        }
        else
        {
            descriptor.Properties.Remove(name);
        }
    }
}
