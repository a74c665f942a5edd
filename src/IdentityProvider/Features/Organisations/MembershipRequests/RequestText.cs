using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>
/// The free texts of requests (Beitrittsgrund, Grund bei Ablehnung): line breaks count as one character, as
/// the browser's counter shows them; other control characters are refused.
/// </summary>
public static class RequestText
{
    public static string Normalise(string? value) =>
        (value ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>Adds the field's error to <paramref name="modelState"/> and returns the normalised text.</summary>
    public static string Check(
        ModelStateDictionary modelState, string key, string? value, string label, int maxLength, IStringLocalizer t)
    {
        var text = Normalise(value);
        if (text.Length == 0)
        {
            modelState.AddModelError(key, t["Validation.RequiredField", label]);
        }
        else if (text.Length > maxLength)
        {
            modelState.AddModelError(key, t["Validation.TooLong", label, maxLength]);
        }
        else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            modelState.AddModelError(key, t["Validation.PlainText", label]);
        }

        return text;
    }
}
