using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Legal;

/// <summary>One of the legal pages of the footer, open to everyone.</summary>
[AllowAnonymous]
public sealed class IndexModel(LegalPages pages) : PageModel
{
    public string Name { get; private set; } = string.Empty;

    public HtmlString Text { get; private set; } = HtmlString.Empty;

    public IActionResult OnGet(string name)
    {
        if (pages.Read(name, CultureInfo.CurrentUICulture) is not { } text)
        {
            return NotFound();
        }

        Name = name;
        Text = text;
        return Page();
    }
}
