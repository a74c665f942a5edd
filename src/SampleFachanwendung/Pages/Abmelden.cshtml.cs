using MeineIhk.SampleFachanwendung.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages;

/// <summary>
/// Ends the local session and, through RP-initiated logout (the handler adds id_token_hint), the session at
/// meine ihk. Only POST with an antiforgery token signs out, so no foreign page can log the user out.
/// </summary>
public sealed class AbmeldenModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(Url.Content("~/"));

    // snippet:start aspnet-logout
    public IActionResult OnPost() => SignOut(
        AuthenticationSetup.SignOutProperties(),
        CookieAuthenticationDefaults.AuthenticationScheme,
        OpenIdConnectDefaults.AuthenticationScheme);
    // snippet:end
}
