using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// One application's settings, status and approval; the concurrency stamp travels in the form. A change of an approved
/// application's addresses or scopes by its developer waits here for a platform administrator, who approves or rejects it.
/// </summary>
public sealed class SettingsModel(ApplicationRegistry registry) : ApplicationsPage
{
    [BindProperty]
    public ApplicationInput Input { get; set; } = new();

    [BindProperty]
    public Guid Stamp { get; set; }

    [TempData]
    public string? Message { get; set; }

    public RegisteredApplication Application { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application)
        {
            return NotFound();
        }

        Application = application;
        Input = ApplicationInput.From(IsPlatformAdministrator ? application.Settings : application.AsRequested());
        Stamp = application.Fachanwendung.ConcurrencyStamp;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application)
        {
            return NotFound();
        }

        var (settings, lines) = Input.ToSettings();
        settings = settings with
        {
            ClientType = application.Settings.ClientType,
            ManagementAccess = IsPlatformAdministrator ? settings.ManagementAccess : application.Settings.ManagementAccess,
            PkceRequired = IsPlatformAdministrator ? settings.PkceRequired : application.Settings.PkceRequired,
        };
        var result = await registry.UpdateAsync(clientId, settings, Stamp, Actor, cancellationToken);
        if (result.Status == ResultStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            AddErrors(result.Errors, "Input.", lines);
            Application = application;
            Input.ClientId = application.ClientId;
            Input.ClientType = application.Settings.ClientType;
            if (result.Status == ResultStatus.Conflict)
            {
                // Show what is stored now; the person re-applies their change knowingly.
                Stamp = application.Fachanwendung.ConcurrencyStamp;
            }

            return Page();
        }

        Message = T[result.Value!.Fachanwendung.PendingChange is not null && !IsPlatformAdministrator
            ? "Applications.Settings.SavedPendingReview" : "Applications.Settings.Saved"];
        return RedirectToPage(new { clientId });
    }

    public Task<IActionResult> OnPostApproveChangeAsync(string clientId, CancellationToken cancellationToken) =>
        DecideChangeAsync(registry.ApprovePendingChangeAsync(clientId, Stamp, Actor, cancellationToken), "Applications.PendingChange.Approved", clientId);

    public Task<IActionResult> OnPostRejectChangeAsync(string clientId, CancellationToken cancellationToken) =>
        DecideChangeAsync(registry.RejectPendingChangeAsync(clientId, Stamp, Actor, cancellationToken), "Applications.PendingChange.Rejected", clientId);

    private async Task<IActionResult> DecideChangeAsync(Task<Result<RegisteredApplication>> decision, string done, string clientId)
    {
        var result = await decision;
        if (result.Status == ResultStatus.NotFound)
        {
            return NotFound();
        }

        Message = result.Succeeded ? T[done, clientId] : string.Join(" ", result.Errors.Select(e => e.Message(T)));
        return RedirectToPage(new { clientId });
    }
}
