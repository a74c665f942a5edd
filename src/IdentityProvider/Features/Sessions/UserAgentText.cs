namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Browser and system named from a User-Agent header, well enough for a person to recognise a device ("Firefox on
/// Windows"). A few ordered rules, no database of agents: the order matters because Edge and Opera also say Chrome,
/// and Chrome also says Safari. Anything unknown is "unknown" (null), never guessed.
/// </summary>
public static class UserAgentText
{
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Android", "Android"), ("Windows", "Windows"), ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
    ];

    public static string? Browser(string? userAgent) => First(userAgent, Browsers, withVersion: true);

    public static string? System(string? userAgent) => First(userAgent, Systems, withVersion: false);

    private static string? First(string? userAgent, (string Token, string Name)[] rules, bool withVersion)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        foreach (var (token, name) in rules)
        {
            var at = userAgent.IndexOf(token, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            // Safari's own version is in "Version/x"; the others carry it after their token.
            var version = !withVersion ? null
                : token == "Safari/" ? MajorVersionAfter(userAgent, "Version/")
                : token.EndsWith('/') ? MajorVersionAfter(userAgent, token) : null;
            return version is null ? name : $"{name} {version}";
        }

        return null;
    }

    private static string? MajorVersionAfter(string userAgent, string token)
    {
        var at = userAgent.IndexOf(token, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + token.Length;
        var end = start;
        while (end < userAgent.Length && end - start < 5 && char.IsAsciiDigit(userAgent[end]))
        {
            end++;
        }

        return end > start ? userAgent[start..end] : null;
    }
}
