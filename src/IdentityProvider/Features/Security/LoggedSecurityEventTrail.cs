namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>Writes security events to the log under the category "MeineIhk.SecurityEvents", one event id per kind.</summary>
public sealed class LoggedSecurityEventTrail(ILoggerFactory loggers) : ISecurityEventTrail
{
    private readonly ILogger logger = loggers.CreateLogger("MeineIhk.SecurityEvents");

    public void Record(SecurityEvent securityEvent)
    {
        var e = securityEvent;
        var level = e.Kind is SecurityEventKind.LoginSucceeded or SecurityEventKind.LoggedOut or SecurityEventKind.SessionEnded
            or SecurityEventKind.SecondFactorSucceeded
            ? LogLevel.Information
            : LogLevel.Warning;
        logger.Log(level, new EventId((int)e.Kind, e.Kind.ToString()),
            "Security event {SecurityEvent} user {UserId} client {ClientId} detail {Detail} from {RemoteAddress} session {SessionId}",
            e.Kind, e.UserId, e.ClientId, e.Detail, e.RemoteAddress, e.SessionId);
    }
}
