using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.SampleFachanwendung.Pages.Berichtsheft;

/// <summary>Stands in for the real work behind each role's action; it only shows that the role arrived.</summary>
public sealed class AktionModel : BerichtsheftPage
{
    public RoleAction Action { get; private set; } = BerichtsheftRoles.Actions[0];

    public bool Permitted { get; private set; }

    public IActionResult OnGet(string name)
    {
        var action = BerichtsheftRoles.Actions.FirstOrDefault(a => a.Slug == name);
        if (action is null)
        {
            return NotFound();
        }

        Action = action;
        Permitted = Holds(action.Role);
        if (!Permitted)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Page();
    }
}
