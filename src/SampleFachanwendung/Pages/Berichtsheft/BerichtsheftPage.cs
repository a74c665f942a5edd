using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages.Berichtsheft;

/// <summary>
/// Every Berichtsheft page reads the person, the organisation and the roles from meine ihk's claims. Without
/// a role no handler runs: the response is the refusal (Pages/Shared/KeinZugang.cshtml) with status 403.
/// </summary>
public abstract class BerichtsheftPage : PageModel
{
    // snippet:start aspnet-refuse
    public IReadOnlyList<string> Roles => User.FindAll("role").Select(c => c.Value).ToList();

    public bool Holds(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public string? DisplayName => User.FindFirst("name")?.Value;

    public string? UserName => User.FindFirst("preferred_username")?.Value;

    public string? OrganisationName => User.FindFirst("org_name")?.Value;

    public string? Identnummer => User.FindFirst("org_ident")?.Value;

    public string? Kammernummer => User.FindFirst("chamber")?.Value;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (Roles.Count == 0)
        {
            context.Result = KeinZugangModel.Refusal();
        }
    }
    // snippet:end
}
