using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages;

/// <summary>Where the login ends when meine ihk itself refused the user (error=access_denied).</summary>
[AllowAnonymous]
public sealed class KeinZugangModel : PageModel
{
    public static ViewResult Refusal() => new()
    {
        ViewName = "/Pages/Shared/KeinZugang.cshtml",
        StatusCode = StatusCodes.Status403Forbidden,
    };

    public IActionResult OnGet() => Refusal();
}
