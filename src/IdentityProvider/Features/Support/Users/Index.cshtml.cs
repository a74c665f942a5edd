using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Support.Users;

/// <summary>The support console: platform administrators find a person by name, user name or e-mail address.</summary>
public sealed class IndexModel(UserSupport support) : PlatformPage
{
    [BindProperty(SupportsGet = true, Name = "suche")]
    public string? Search { get; set; }

    public IReadOnlyList<ApplicationUser>? Results { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Search))
        {
            Results = await support.SearchAsync(Search, cancellationToken);
        }
    }
}
