using System.Text;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Profile.Factors;

/// <summary>Ten new recovery codes (the old ones stop working), shown once; the page that shows them offers a text file.</summary>
public sealed class RecoveryCodesModel(UserManager<ApplicationUser> users, ISecurityEventTrail trail) : PageModel
{
    public IReadOnlyList<string>? Codes { get; private set; }

    public int Left { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !await SecondFactorPolicy.HasAuthenticatorAsync(users, user))
        {
            return RedirectToPage("Index");
        }

        Left = await users.CountRecoveryCodesAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !await SecondFactorPolicy.HasAuthenticatorAsync(users, user))
        {
            return RedirectToPage("Index");
        }

        Codes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorModel.RecoveryCodeCount) ?? []];
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorAdded, user.Id, user.UserName, Detail: "recovery-codes",
            RemoteAddress: ClientAddress.Of(HttpContext)));
        return Page();
    }

    /// <summary>The codes just shown, as a text file (posted back from the page; the server keeps only their hashes).</summary>
    public IActionResult OnPostDownload(string[] codes)
    {
        var valid = codes.Where(c => c.Length is > 0 and <= 32 && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-')).Take(AuthenticatorModel.RecoveryCodeCount).ToList();
        var text = new StringBuilder("meine ihk\n\n");
        foreach (var code in valid)
        {
            text.Append(code).Append('\n');
        }

        return File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", "meine-ihk-wiederherstellungscodes.txt");
    }
}
