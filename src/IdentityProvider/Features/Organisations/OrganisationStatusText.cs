using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Organisations;

public static class OrganisationStatusText
{
    /// <summary>The resource key of a status as the requester reads it ("beantragt", "freigegeben – Brief unterwegs", …).</summary>
    public static string Key(OrganisationStatus status) => "Organisations.Status." + status;
}
