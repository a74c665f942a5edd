using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Activate;

/// <summary>"Organisation aktivieren" with Identnummer, IHK Kammernummer and the password of the letter.</summary>
[EnableRateLimiting(Throttling.PerClientAddress)]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    OrganisationActivation activation,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Input.Passwort = null;
            return Page();
        }

        var user = (await users.GetUserAsync(User))!;
        var result = await activation.ActivateAsync(
            user, Input.Kammernummer!.Trim(), Input.Identnummer!.Trim(), Input.Passwort!, HttpContext.Connection.RemoteIpAddress, CultureInfo.CurrentUICulture, Request.PublicBaseUri(), cancellationToken);
        if (result is { Succeeded: true, Value: { } organisation })
        {
            TempData["Organisations.Message"] = t["Organisations.Activate.Done", organisation.Firmierung].Value;
            return LocalRedirect($"/organisationen/{organisation.Id}/daten");
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field, error.Message(t));
        }

        Input.Passwort = null;
        return Page();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(20, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Organisations.Identnummer")]
        public string? Identnummer { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(10, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Organisations.Kammernummer")]
        public string? Kammernummer { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(100, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Organisations.Activate.Password")]
        public string? Passwort { get; set; }
    }
}
