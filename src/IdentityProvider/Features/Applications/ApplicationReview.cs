using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>The part of an application's settings that a platform administrator reviews again after approval.</summary>
public static class ApplicationReview
{
    public static PendingApplicationChange ReviewedPart(this ApplicationSettings settings) =>
        new([.. settings.RedirectUris], [.. settings.PostLogoutRedirectUris], settings.BackChannelLogoutUri, [.. settings.Scopes]);

    public static ApplicationSettings With(this ApplicationSettings settings, PendingApplicationChange part) => settings with
    {
        RedirectUris = part.RedirectUris,
        PostLogoutRedirectUris = part.PostLogoutRedirectUris,
        BackChannelLogoutUri = part.BackChannelLogoutUri,
        Scopes = part.Scopes,
    };

    /// <summary>What the owner sees in the form: the requested values while a change waits, so that saving again keeps it.</summary>
    public static ApplicationSettings AsRequested(this RegisteredApplication application) =>
        application.Fachanwendung.PendingChange is { } pending ? application.Settings.With(pending) : application.Settings;

    /// <summary>The reviewed settings that differ: name, value in force, requested value (lists one per line).</summary>
    public static IReadOnlyList<(string Field, IReadOnlyList<string> InForce, IReadOnlyList<string> Requested)> Differences(this RegisteredApplication application)
    {
        if (application.Fachanwendung.PendingChange is not { } pending)
        {
            return [];
        }

        var now = application.Settings.ReviewedPart();
        var all = new (string, IReadOnlyList<string>, IReadOnlyList<string>)[]
        {
            (nameof(ApplicationSettings.RedirectUris), now.RedirectUris, pending.RedirectUris),
            (nameof(ApplicationSettings.PostLogoutRedirectUris), now.PostLogoutRedirectUris, pending.PostLogoutRedirectUris),
            (nameof(ApplicationSettings.BackChannelLogoutUri), Listed(now.BackChannelLogoutUri), Listed(pending.BackChannelLogoutUri)),
            (nameof(ApplicationSettings.Scopes), now.Scopes, pending.Scopes),
        };
        return [.. all.Where(d => !d.Item2.ToHashSet(StringComparer.Ordinal).SetEquals(d.Item3))];
    }

    private static IReadOnlyList<string> Listed(string? value) => value is null ? [] : [value];
}
