namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// What the owner of an approved application asked to change where users and logout tokens are sent and what the
/// application may ask for. It takes effect only when a platform administrator approves it (ASVS 5.0 10.4.1, RFC 9700
/// §4.1: redirect addresses are registered and reviewed); until then the approved values stay in force.
/// </summary>
public sealed record PendingApplicationChange(
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    string? BackChannelLogoutUri,
    IReadOnlyList<string> Scopes)
{
    /// <summary>Order does not matter: addresses and scopes are sets.</summary>
    public bool SameAs(PendingApplicationChange other) =>
        SameSet(RedirectUris, other.RedirectUris)
        && SameSet(PostLogoutRedirectUris, other.PostLogoutRedirectUris)
        && string.Equals(BackChannelLogoutUri, other.BackChannelLogoutUri, StringComparison.Ordinal)
        && SameSet(Scopes, other.Scopes);

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.ToHashSet(StringComparer.Ordinal).SetEquals(b);
}
