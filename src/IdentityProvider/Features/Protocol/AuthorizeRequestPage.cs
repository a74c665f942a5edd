using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>
/// Base of the pages shown in the middle of an authorize request. They carry the request's parameters and
/// send the browser back to the authorize endpoint with one parameter added (org_hint, or decision=return).
/// </summary>
public abstract class AuthorizeRequestPage(ApplicationDbContext db) : PageModel
{
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public string ApplicationName { get; private set; } = string.Empty;

    protected string ClientId { get; private set; } = string.Empty;

    protected ApplicationDbContext Db => db;

    protected async Task LoadRequestAsync(IEnumerable<string> without, CancellationToken cancellationToken)
    {
        Parameters = Request.Query
            .Where(p => !without.Contains(p.Key))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty)))
            .ToList();
        ClientId = Request.Query["client_id"].ToString();
        var fachanwendung = await db.Fachanwendungen.AsNoTracking().FirstOrDefaultAsync(f => f.ClientId == ClientId, cancellationToken);
        ApplicationName = fachanwendung?.DisplayName(CultureInfo.CurrentUICulture) ?? ClientId;
    }
}
