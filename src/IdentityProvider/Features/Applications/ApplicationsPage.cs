using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// The base of the pages under /anwendungen and /plattform: only developers and platform administrators get in
/// (roles read from the database on every request, so a granted or revoked role counts at once); everybody else
/// gets 404. The registry decides which applications the person may see. Nothing here may be cached: the pages
/// show freshly generated secrets.
/// </summary>
public abstract class ApplicationsPage : PageModel
{
    public string UserId { get; private set; } = string.Empty;

    public bool IsPlatformAdministrator { get; private set; }

    public RegistryActor Actor => RegistryActor.Person(UserId, IsPlatformAdministrator);

    protected IStringLocalizer T => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    /// <summary>Pages only platform administrators may open.</summary>
    protected virtual bool ForPlatformAdministratorsOnly => false;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var users = HttpContext.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(User);
        var roles = user is null ? [] : await users.GetRolesAsync(user);
        IsPlatformAdministrator = roles.Contains(PlatformRoles.Administrator);
        var allowed = ForPlatformAdministratorsOnly ? IsPlatformAdministrator : IsPlatformAdministrator || roles.Contains(PlatformRoles.Developer);
        if (user is null || !allowed)
        {
            context.Result = NotFound();
            return;
        }

        UserId = user.Id;
        await next();
    }

    /// <summary>
    /// Puts the registry's field errors into the model state under the form's field names. Errors of one address
    /// ("RedirectUris[2]") name the line of the text area the address came from.
    /// </summary>
    protected void AddErrors(IEnumerable<BrokenRule> errors, string prefix, IReadOnlyDictionary<string, IReadOnlyList<int>>? lines = null)
    {
        foreach (var error in errors)
        {
            var message = error.Message(T);
            var field = error.Field;
            var bracket = field.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && field.EndsWith(']') && int.TryParse(field[(bracket + 1)..^1], out var index))
            {
                field = field[..bracket];
                var line = lines is not null && lines.TryGetValue(field, out var numbers) && index < numbers.Count ? numbers[index] : index + 1;
                message = T["Applications.Form.LineError", line, message].Value;
            }

            ModelState.AddModelError(field.Length == 0 ? string.Empty : prefix + field, message);
        }
    }

    /// <summary>NotFound stays 404 (nothing told); Conflict and Invalid are shown on the page.</summary>
    protected IActionResult? Unless<T>(Result<T> result, string prefix = "Input.")
    {
        if (result.Status == ResultStatus.NotFound)
        {
            return NotFound();
        }

        AddErrors(result.Errors, prefix);
        return null;
    }
}

/// <summary>Pages under /plattform.</summary>
public abstract class PlatformPage : ApplicationsPage
{
    protected override bool ForPlatformAdministratorsOnly => true;
}

/// <summary>The status people see: awaiting approval, approved, disabled.</summary>
public static class ApplicationStatusText
{
    public static string Key(Fachanwendung application) =>
        !application.IsEnabled ? "Applications.Status.Disabled"
        : !application.IsApproved ? "Applications.Status.Pending"
        : "Applications.Status.Approved";
}
