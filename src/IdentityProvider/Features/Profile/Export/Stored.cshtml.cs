using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Profile.Export;

/// <summary>"Meine gespeicherten Daten": the report of the JSON download as a page to read; never stored by the browser.</summary>
public sealed class StoredModel(UserManager<ApplicationUser> users, PersonalDataReport reports) : PageModel
{
    public PersonalDataReport.Report Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        Report = await reports.ForAsync((await users.GetUserAsync(User))!, cancellationToken);
    }
}
