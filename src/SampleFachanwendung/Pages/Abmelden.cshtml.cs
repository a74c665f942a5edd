using MeineIhk.SampleFachanwendung.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages;

/// <summary>Ends the local session and, through RP-initiated logout, the session at meine ihk.</summary>
[Authorize]
public sealed class AbmeldenModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost() => SignOut(
        AuthenticationSetup.SignOutProperties(),
        CookieAuthenticationDefaults.AuthenticationScheme,
        OpenIdConnectDefaults.AuthenticationScheme);
}
