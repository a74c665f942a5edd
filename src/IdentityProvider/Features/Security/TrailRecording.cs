using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>Records an event about a person from a request: the trail from the request's services, the client's address.</summary>
public static class TrailRecording
{
    public static void RecordSecurityEvent(this HttpContext context, SecurityEventKind kind, ApplicationUser? user, string? detail = null, string? clientId = null) =>
        context.RequestServices.GetRequiredService<ISecurityEventTrail>().Record(
            new SecurityEvent(kind, user?.Id, user?.UserName, clientId, detail, ClientAddress.Of(context)));
}
