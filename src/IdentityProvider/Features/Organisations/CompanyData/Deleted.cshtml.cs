using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Organisations.CompanyData;

/// <summary>After "Unternehmen löschen": which organisation is gone.</summary>
public sealed class DeletedModel : PageModel
{
    public string? Message { get; private set; }

    public void OnGet() => Message = TempData["Organisations.Message"] as string;
}
