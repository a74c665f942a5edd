using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications.Platform;

/// <summary>
/// The platform administrators' overview: applications awaiting approval first, then changes awaiting review, then all; approve, disable (after a
/// confirmation, GET ?sperren=ID; takes effect at once), enable.
/// </summary>
public sealed class IndexModel(ApplicationRegistry registry) : PlatformPage
{
    [BindProperty(SupportsGet = true, Name = "sperren")]
    public string? ConfirmDisable { get; set; }

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<Fachanwendung> Pending { get; private set; } = [];

    public IReadOnlyList<Fachanwendung> All { get; private set; } = [];

    /// <summary>Approved applications whose developer asked to change addresses or scopes (decided on the application's page).</summary>
    public IReadOnlyList<Fachanwendung> PendingChanges { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        All = await registry.ListAsync(Actor, cancellationToken);
        Pending = [.. All.Where(a => !a.IsApproved).OrderBy(a => a.CreatedAt)];
        PendingChanges = [.. All.Where(a => a.PendingChangeRequestedAt is not null).OrderBy(a => a.PendingChangeRequestedAt)];
        if (ConfirmDisable is not null && !All.Any(a => a.ClientId == ConfirmDisable && a.IsEnabled))
        {
            ConfirmDisable = null;
        }
    }

    public async Task<IActionResult> OnPostApproveAsync(string clientId, bool firstParty, CancellationToken cancellationToken)
    {
        var approved = await registry.ApproveAsync(clientId, Actor, cancellationToken);
        if (approved.Succeeded && firstParty)
        {
            approved = await registry.SetFirstPartyAsync(clientId, true, Actor, cancellationToken);
        }

        return await DecideAsync(Task.FromResult(approved), "Platform.Approved", clientId);
    }

    /// <summary>First-party applications keep implicit consent; the change is audit-logged by the registry.</summary>
    public Task<IActionResult> OnPostFirstPartyAsync(string clientId, bool firstParty, CancellationToken cancellationToken) =>
        DecideAsync(registry.SetFirstPartyAsync(clientId, firstParty, Actor, cancellationToken),
            firstParty ? "Platform.FirstPartySet" : "Platform.FirstPartyRemoved", clientId);

    public Task<IActionResult> OnPostDisableAsync(string clientId, CancellationToken cancellationToken) =>
        DecideAsync(registry.DisableAsync(clientId, Actor, cancellationToken), "Platform.Disabled", clientId);

    public Task<IActionResult> OnPostEnableAsync(string clientId, CancellationToken cancellationToken) =>
        DecideAsync(registry.EnableAsync(clientId, Actor, cancellationToken), "Platform.Enabled", clientId);

    private async Task<IActionResult> DecideAsync(Task<Result<RegisteredApplication>> decision, string done, string clientId)
    {
        var result = await decision;
        if (result.Status == ResultStatus.NotFound)
        {
            return NotFound();
        }

        Message = result.Succeeded ? T[done, clientId] : string.Join(" ", result.Errors.Select(e => e.Message(T)));
        return RedirectToPage(new { sperren = (string?)null });
    }
}
