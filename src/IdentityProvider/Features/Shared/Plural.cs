using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Shared;

/// <summary>
/// Counted texts: the resource "Key" holds the plural ("{0} Mitglieder", also for 0), "Key.One" the singular
/// ("1 Mitglied"). German and English both know just these two forms.
/// </summary>
public static class Plural
{
    /// <param name="arguments">The text's arguments when it has more than the count; else the count is {0}.</param>
    public static LocalizedString Count(this IStringLocalizer t, string key, int count, params object[] arguments) =>
        t[count == 1 ? key + ".One" : key, arguments.Length == 0 ? [count] : arguments];
}
