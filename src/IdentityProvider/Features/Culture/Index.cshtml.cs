using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Culture;

/// <summary>The language switch: remembers the choice in a cookie and returns to the page (local URLs only).</summary>
[AllowAnonymous]
public sealed class IndexModel(TimeProvider clock) : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        var chosen = Localization.SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase))
            ?? Localization.SupportedCultures[0];
        Response.Cookies.Append(
            Localization.CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = Request.IsHttps });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
