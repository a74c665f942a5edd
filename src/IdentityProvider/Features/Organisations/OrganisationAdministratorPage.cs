using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>
/// The base of every page under /organisationen/{organisationId}/… that only the organisation's administrators
/// may use: before any handler runs, the caller's administrator membership of that very, active organisation is
/// loaded (with the organisation and its chamber). Anyone else gets 404, so that nothing reveals whether the
/// organisation exists; no handler checks rights by hand.
/// </summary>
public abstract class OrganisationAdministratorPage : PageModel
{
    public const string RouteKey = "organisationId";

    public Guid OrganisationId { get; private set; }

    public Membership AdminMembership { get; private set; } = null!;

    public Organisation Organisation => AdminMembership.Organisation;

    public ApplicationUser AdminUser => AdminMembership.User;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var userId = services.GetRequiredService<UserManager<ApplicationUser>>().GetUserId(User);
        var membership = userId is not null && Guid.TryParse(RouteData.Values[RouteKey] as string, out var organisationId)
            ? await services.GetRequiredService<ApplicationDbContext>().AdministeredMembershipAsync(userId, organisationId, HttpContext.RequestAborted)
            : null;
        if (membership is null)
        {
            context.Result = NotFound();
            return;
        }

        OrganisationId = membership.OrganisationId;
        AdminMembership = membership;
        await next();
    }
}
