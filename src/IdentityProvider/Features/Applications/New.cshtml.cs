using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// Registers a Fachanwendung. The generated secret is rendered straight into the POST's answer (no-store) and never
/// kept anywhere in plain text, so neither a reload nor the back button brings it back.
/// </summary>
public sealed class NewModel(ApplicationRegistry registry) : ApplicationsPage
{
    [BindProperty]
    public ApplicationInput Input { get; set; } = ApplicationInput.New();

    public CreatedApplication? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (settings, lines) = Input.ToSettings();
        if (!IsPlatformAdministrator)
        {
            settings = settings with { ManagementAccess = false, PkceRequired = true };
        }

        var result = await registry.CreateAsync(settings, [], Actor, cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result.Errors, "Input.", lines);
            return Page();
        }

        Created = result.Value;
        return Page();
    }
}
