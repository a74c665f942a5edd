using Microsoft.AspNetCore.Authentication;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>
/// How the person in a session authenticated, as RFC 8176 method references (<c>amr</c>), and the level that follows
/// (<c>acr</c>). A page that signs someone in names the methods for this request (<see cref="Mark"/>); the cookie's
/// sign-in event (<c>Sessions/ProviderSession</c>) stores them with the session, next to <c>auth_time</c>.
/// </summary>
public static class AuthenticationFactors
{
    public const string ItemKey = ".amr";

    private const string RequestKey = "MeineIhk.AuthenticationFactors";

    private const string KeepSessionKey = "MeineIhk.AuthenticationFactors.KeepSession";

    private const string EnrolmentKey = "MeineIhk.AuthenticationFactors.Enrolment";

    public const string Password = "pwd";

    public const string OneTimePassword = "otp";

    public const string HardwareKey = "hwk";

    public const string SoftwareKey = "swk";

    public const string MultiFactor = "mfa";

    /// <summary>Recovery codes are one-time passwords too (RFC 8176 §2 "otp"), kept apart only in the trail.</summary>
    public const string RecoveryCode = OneTimePassword;

    /// <summary>The two authentication context classes of meine ihk (documented in docs/relying-parties.md).</summary>
    public const string AcrOneFactor = "urn:meine-ihk:acr:1fa";

    public const string AcrMultiFactor = "urn:meine-ihk:acr:mfa";

    public static readonly string[] AcrValuesSupported = [AcrOneFactor, AcrMultiFactor];

    /// <summary>The methods of the sign-in this request is about to make; a second factor adds "mfa".</summary>
    public static void Mark(HttpContext context, params string[] methods)
    {
        var all = methods.Distinct(StringComparer.Ordinal).ToList();
        if (all.Count > 1 && !all.Contains(MultiFactor))
        {
            all.Add(MultiFactor);
        }

        context.Items[RequestKey] = string.Join(' ', all);
    }

    /// <summary>A step-up inside a session: the new sign-in keeps the session id (so back-channel logout still finds it).</summary>
    public static void KeepSession(HttpContext context, string sessionId) => context.Items[KeepSessionKey] = sessionId;

    /// <summary>The person must use a second factor but has none: the session only leads to the enrolment.</summary>
    public static void MarkEnrolmentRequired(HttpContext context) => context.Items[EnrolmentKey] = "1";

    public static string? MarkedFor(HttpContext context) => context.Items[RequestKey] as string;

    public static string? KeptSession(HttpContext context) => context.Items[KeepSessionKey] as string;

    public static bool EnrolmentMarked(HttpContext context) => context.Items.ContainsKey(EnrolmentKey);

    public const string EnrolmentItemKey = ".enrol";

    public static IReadOnlyList<string> Of(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ItemKey, out var value) == true && !string.IsNullOrEmpty(value)
            ? value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [Password]; // sessions from before factors were kept: a password login

    public static bool IsMultiFactor(IReadOnlyList<string> methods) => methods.Contains(MultiFactor);

    public static string AcrOf(IReadOnlyList<string> methods) => IsMultiFactor(methods) ? AcrMultiFactor : AcrOneFactor;

    public static bool EnrolmentRequired(AuthenticationProperties? properties) =>
        properties?.Items.ContainsKey(EnrolmentItemKey) == true;

    /// <summary>A passkey that can be synced between devices is a software key; one bound to its device a hardware key.</summary>
    public static string PasskeyMethod(bool backupEligible) => backupEligible ? SoftwareKey : HardwareKey;
}
