using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages.Berichtsheft;

/// <summary>
/// Every Berichtsheft page reads the person, the organisation and the roles from meine ihk's claims. Without
/// a role the page answers 403 and shows the refusal (see _KeinZugang) instead of its content.
/// </summary>
public abstract class BerichtsheftPage : PageModel
{
    public static readonly string[] KnownRoles = ["auszubildender", "ausbildender", "ausbildungsbeauftragter", "ausbildungsadministrator"];

    public IReadOnlyList<string> Roles => User.FindAll("role").Select(c => c.Value).ToList();

    public bool HasAnyRole => Roles.Count > 0;

    public bool Holds(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public string? DisplayName => User.FindFirst("name")?.Value;

    public string? UserName => User.FindFirst("preferred_username")?.Value;

    public string? OrganisationName => User.FindFirst("org_name")?.Value;

    public string? Identnummer => User.FindFirst("org_ident")?.Value;

    public string? Kammernummer => User.FindFirst("chamber")?.Value;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (!HasAnyRole)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }
}
