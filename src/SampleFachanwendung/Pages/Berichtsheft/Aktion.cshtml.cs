using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.SampleFachanwendung.Pages.Berichtsheft;

public sealed class AktionModel : BerichtsheftPage
{
    public static readonly string[] Actions = ["bericht-schreiben", "berichte-freigeben", "berichte-pruefen", "ausbildungsverhaeltnisse-verwalten"];

    public string Action { get; private set; } = string.Empty;

    public IActionResult OnGet(string name)
    {
        if (!Actions.Contains(name))
        {
            return NotFound();
        }

        Action = name;
        return Page();
    }
}
