namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>
/// Records security events: to the log with the kind's stable event id, and to the trail table that platform
/// administrators search. Recording never fails the caller's request and is not part of its transaction, so a
/// failed login that saves nothing is still recorded.
/// </summary>
public interface ISecurityEventTrail
{
    void Record(SecurityEvent securityEvent);
}
