using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages;

/// <summary>Where the login ends when meine ihk itself refused the user (error=access_denied).</summary>
[AllowAnonymous]
public sealed class KeinZugangModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
