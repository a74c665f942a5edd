using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Support.ChamberStaff;

/// <summary>Platform administrators grant and revoke chamber staff, per chamber (?kammer= narrows the list).</summary>
public sealed class IndexModel(ChamberStaffAdministration staff, PlatformPeople people, UserManager<ApplicationUser> users) : PlatformPage
{
    [BindProperty(SupportsGet = true, Name = "kammer")]
    public int? ChamberId { get; set; }

    [BindProperty]
    public string? NameOrEmail { get; set; }

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<Chamber> Chambers { get; private set; } = [];

    public IReadOnlyList<ChamberStaffAdministration.StaffRow> Staff { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var chamber = Chambers.SingleOrDefault(c => c.Id == ChamberId);
        if (chamber is null)
        {
            ModelState.AddModelError(nameof(ChamberId), T["StaffAdmin.ChooseChamber"]);
        }

        var user = await people.FindAsync(NameOrEmail ?? string.Empty, cancellationToken);
        if (user is null)
        {
            ModelState.AddModelError(nameof(NameOrEmail), T["StaffAdmin.UnknownUser"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var granted = await staff.GrantAsync(user!, chamber!.Id, await ActorAsync(), cancellationToken);
        Message = T[granted ? "StaffAdmin.Granted" : "StaffAdmin.AlreadyStaff", user!.UserName!, chamber.Name];
        return RedirectToPage(new { kammer = chamber.Id });
    }

    public async Task<IActionResult> OnPostRevokeAsync(string userId, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return NotFound();
        }

        var revoked = await staff.RevokeAsync(user, await ActorAsync(), cancellationToken);
        Message = T[revoked ? "StaffAdmin.Revoked" : "StaffAdmin.NotStaff", user.UserName!];
        return RedirectToPage(new { kammer = ChamberId });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Chambers = await staff.ChambersAsync(cancellationToken);
        if (ChamberId is not null && Chambers.All(c => c.Id != ChamberId))
        {
            ChamberId = null;
        }

        Staff = await staff.StaffAsync(ChamberId, cancellationToken);
    }

    private async Task<ApplicationUser> ActorAsync() => (await users.FindByIdAsync(UserId))!;
}
