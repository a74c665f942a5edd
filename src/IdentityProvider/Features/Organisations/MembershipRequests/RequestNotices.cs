using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>Addresses of the request pages, and the notice to every administrator of an organisation.</summary>
public static class RequestNotices
{
    public static string ListPath(Guid organisationId) => $"/organisationen/{organisationId}/anfragen";

    public static string DetailsPath(Guid organisationId, Guid requestId) => $"/organisationen/{organisationId}/anfragen/{requestId}";

    /// <summary>Tells every administrator of the organisation (saved with the caller's SaveChanges).</summary>
    public static async Task NotifyAdministratorsAsync(
        this Notifier notifier, ApplicationDbContext db, Organisation organisation, string kind, string? details, Uri link,
        CancellationToken cancellationToken, string? exceptUserId = null)
    {
        var administrators = await db.Memberships
            .Where(m => m.OrganisationId == organisation.Id && m.IsAdministrator && m.UserId != exceptUserId)
            .Select(m => m.User)
            .ToListAsync(cancellationToken);
        foreach (var administrator in administrators)
        {
            notifier.Notify(administrator, kind, organisation, details, link);
        }
    }

    public static string RoleDetails(FachanwendungRole role) => $"{role.Fachanwendung.ClientId}: {role.Key}";
}
