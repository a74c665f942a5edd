using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;

/// <summary>The chamber's member register: how many entries, and the upload that replaces it (all or nothing).</summary>
[RequestSizeLimit(MaxFileBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + 1024 * 1024)]
public sealed class IndexModel(ApplicationDbContext db, RegisterImport import, IStringLocalizer<SharedResource> t) : ChamberStaffPage
{
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public int EntryCount { get; private set; }

    public DateTime? LastImport { get; private set; }

    public IReadOnlyList<RegisterCsvError> Errors { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", t["Chamber.Register.NoFile"]);
        }
        else if (file.Length > MaxFileBytes)
        {
            ModelState.AddModelError("file", t["Chamber.Register.TooLarge"]);
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var result = await import.ImportAsync(ChamberId, stream, StaffUser, cancellationToken);
            if (result.Succeeded)
            {
                Message = t.Count("Chamber.Register.Imported", result.Total, result.Total, result.Added, result.Updated, result.Removed);
                return RedirectToPage();
            }

            Errors = result.Errors;
            ModelState.AddModelError("file", t.Count("Chamber.Register.Refused", result.Errors.Count));
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>"Zeile 3, Spalte „PLZ“: …" in the page's language.</summary>
    public string Describe(RegisterCsvError error)
    {
        var message = t["Chamber.Register.Error." + error.Code].Value;
        return (error.Line, error.Column) switch
        {
            (0, _) => message,
            (_, null) => t["Chamber.Register.ErrorAtLine", error.Line, message],
            _ => t["Chamber.Register.ErrorAtField", error.Line, error.Column, message],
        };
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        EntryCount = await db.MemberRegister.CountAsync(e => e.ChamberId == ChamberId, cancellationToken);
        LastImport = await db.MemberRegister.Where(e => e.ChamberId == ChamberId).MaxAsync(e => (DateTime?)e.ImportedAt, cancellationToken);
    }
}
