using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace MeineIhk.SampleFachanwendung.Pages;

/// <summary>The language switch: remembers the choice in a cookie and returns to the page it came from.</summary>
[AllowAnonymous]
public sealed class CultureModel : PageModel
{
    private static readonly string[] CultureParameters = ["culture", "ui-culture"];

    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        var chosen = Localization.SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase))
            ?? Localization.SupportedCultures[0];
        Response.Cookies.Append(
            Localization.CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = Request.IsHttps });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? WithoutCultureParameters(returnUrl) : Url.Content("~/"));
    }

    // A culture in the query string outranks the cookie; left in place it would undo the switch.
    private static string WithoutCultureParameters(string returnUrl)
    {
        var start = returnUrl.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return returnUrl;
        }

        var kept = QueryHelpers.ParseQuery(returnUrl[start..])
            .Where(p => !CultureParameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase));
        return QueryHelpers.AddQueryString(returnUrl[..start], kept);
    }
}
