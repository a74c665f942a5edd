namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>
/// One security event. Never carries a secret: no password, code, token or key, only who, what, from where.
/// <see cref="Detail"/> is a short reason in words of the domain (e.g. "wrong-password", "locked", "berichtsheft").
/// </summary>
public sealed record SecurityEvent(
    SecurityEventKind Kind,
    string? UserId = null,
    string? UserName = null,
    string? ClientId = null,
    string? Detail = null,
    string? RemoteAddress = null,
    string? SessionId = null);
