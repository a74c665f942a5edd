namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>
/// Stable kinds of security events (ASVS 5.0 V16). The number is the log's event id and never changes meaning;
/// the name is the code stored in the trail and translated on pages ("SecurityEvent.{code}").
/// </summary>
public enum SecurityEventKind
{
    LoginSucceeded = 5001,
    LoginFailed = 5002,
    LockedOut = 5003,
    Throttled = 5004,
    LoggedOut = 5005,
    SessionEnded = 5006,
    PasswordChanged = 5010,
    PasswordReset = 5011,
    EmailChanged = 5012,
    EmailChangeCancelled = 5013,
    CurrentPasswordWrong = 5014,
    SecondFactorAdded = 5020,
    SecondFactorRemoved = 5021,
    SecondFactorSucceeded = 5022,
    SecondFactorFailed = 5023,
    RecoveryCodeUsed = 5024,
    SecondFactorReset = 5025,
    AccountLocked = 5030,
    AccountUnlocked = 5031,
    AccountDeleted = 5032,
    TokenReplayed = 5040,
    ClientAuthenticationFailed = 5041,
    SigningKeyRotated = 5042,
    ApplicationChanged = 5050,
    RoleChanged = 5051,
    ActivationPasswordWrong = 5060,
    BackChannelTargetRefused = 5061,
    AdditionalEmailAdded = 5500,
    AdditionalEmailRemoved = 5501,
    ActivationBackedOff = 5502,
    ChamberToldOfActivationFailures = 5503,

    // 5800–5899: platform support and chamber staff administration.
    ConfirmationResentBySupport = 5800,
    ChamberStaffGranted = 5801,
    ChamberStaffRevoked = 5802,
}
