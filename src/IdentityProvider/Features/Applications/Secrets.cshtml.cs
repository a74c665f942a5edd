using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// The application's secrets: a new one is generated with an overlap for the old ones and shown once, in the POST's
/// answer; revoking asks for confirmation first (GET ?widerrufen=ID shows it).
/// </summary>
public sealed class SecretsModel(ApplicationRegistry registry, TimeProvider clock) : ApplicationsPage
{
    /// <summary>The overlap choices offered, in days; 7 is preselected (the registry's default).</summary>
    public static readonly IReadOnlyList<int> OverlapDays = [0, 1, 7, 30];

    [BindProperty]
    public int Overlap { get; set; } = (int)ApplicationRegistry.DefaultOverlap.TotalDays;

    [BindProperty(SupportsGet = true, Name = "widerrufen")]
    public Guid? ConfirmRevoke { get; set; }

    [TempData]
    public string? Message { get; set; }

    public RegisteredApplication Application { get; private set; } = null!;

    public IssuedSecret? Issued { get; private set; }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken) =>
        await LoadAsync(clientId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRotateAsync(string clientId, CancellationToken cancellationToken)
    {
        var overlap = OverlapDays.Contains(Overlap) ? TimeSpan.FromDays(Overlap) : TimeSpan.FromDays(-1);
        var result = await registry.RotateSecretAsync(clientId, overlap, Actor, cancellationToken);
        if (Unless(result, string.Empty) is { } notFound)
        {
            return notFound;
        }

        Issued = result.Value;
        return await LoadAsync(clientId, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string clientId, Guid secretId, CancellationToken cancellationToken)
    {
        var result = await registry.RevokeSecretAsync(clientId, secretId, Actor, cancellationToken);
        if (Unless(result, string.Empty) is { } notFound)
        {
            return notFound;
        }

        if (!result.Succeeded)
        {
            return await LoadAsync(clientId, cancellationToken) ? Page() : NotFound();
        }

        Message = T["Applications.Secrets.Revoked"];
        return RedirectToPage(new { clientId, widerrufen = (Guid?)null });
    }

    private async Task<bool> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application)
        {
            return false;
        }

        Application = application;
        if (ConfirmRevoke is { } id && !application.Secrets.Any(s => s.Id == id && s.RevokedAt is null))
        {
            ConfirmRevoke = null;
        }

        return true;
    }
}
