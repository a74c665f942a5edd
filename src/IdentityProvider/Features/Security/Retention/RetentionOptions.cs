using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Security.Retention;

/// <summary>How long records with personal data are kept (section <c>Retention</c>, ASVS 5.0 V14.2). Days.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Audit entries of organisations, chambers and applications.</summary>
    [Range(30, 3650)]
    [Display(Name = "Retention:AuditEntryDays")]
    public int AuditEntryDays { get; set; } = 730;

    /// <summary>The security event trail; at least the 90 days the sign-in history shows.</summary>
    [Range(90, 3650)]
    [Display(Name = "Retention:SecurityEventDays")]
    public int SecurityEventDays { get; set; } = 180;

    /// <summary>Sent or given-up mails of the outbox (recipient, subject, times; bodies are erased on delivery).</summary>
    [Range(1, 3650)]
    [Display(Name = "Retention:OutboxMailDays")]
    public int OutboxMailDays { get; set; } = 30;

    /// <summary>How often the sweep runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    [Display(Name = "Retention:Interval")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);
}
