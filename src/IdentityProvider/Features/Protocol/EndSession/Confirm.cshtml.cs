using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Protocol.EndSession;

/// <summary>
/// "Möchten Sie sich von meine ihk abmelden?": an end-session request without an ID token of the current session
/// waits for the user. The form posts the request's parameters back to the end-session endpoint, with an
/// antiforgery token, so a foreign page cannot log the user out (RP-Initiated Logout 1.0 §6).
/// </summary>
[AllowAnonymous]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ConfirmModel : PageModel
{
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public void OnGet() => Parameters = Request.Query
        .Where(p => p.Key is not EndSessionController.ConfirmField and not "__RequestVerificationToken")
        .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty)))
        .ToList();
}
