using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.ErrorPage;

/// <summary>Every error status ends here, including protocol errors OpenIddict cannot redirect (e.g. an unknown redirect_uri).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class IndexModel : PageModel
{
    public int Code { get; private set; }

    public string? ProtocolError { get; private set; }

    public string? ProtocolErrorDescription { get; private set; }

    // No handler parameters: a re-executed POST may carry a body the form reader refuses (e.g. a NUL character).
    public void OnGet() => Show();

    public void OnPost() => Show();

    private void Show()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), out var parsed) ? parsed : Response.StatusCode;
        Code = code is >= 400 and < 600 ? code : 500;
        var response = HttpContext.GetOpenIddictServerResponse();
        ProtocolError = response?.Error;
        ProtocolErrorDescription = response?.ErrorDescription;
        Response.StatusCode = Code;
    }

    public string TitleKey => Code switch
    {
        400 => "Error.400",
        403 => "Error.403",
        404 => "Error.404",
        429 => "Error.429",
        _ => "Error.500",
    };
}
