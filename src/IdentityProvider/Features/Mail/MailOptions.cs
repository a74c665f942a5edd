using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Mail;

public enum MailTransportKind
{
    /// <summary>Real SMTP with MailKit.</summary>
    Smtp,

    /// <summary>Development: every mail becomes an .eml file in <see cref="MailOptions.Folder"/>.</summary>
    Folder,
}

public sealed class MailOptions
{
    // Display names are the configuration keys, so that a wrong value stops the start naming the key.
    public MailTransportKind Transport { get; set; } = MailTransportKind.Smtp;

    [Display(Name = "Mail:From")]
    [Required]
    public string From { get; set; } = "meine ihk <noreply@meine-ihk.example>";

    public string Folder { get; set; } = "App_Data/mail";

    public SmtpOptions Smtp { get; set; } = new();

    [Display(Name = "Mail:PollInterval")]
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public MailThrottleOptions Throttle { get; set; } = new();
}

/// <summary>How many mails one address receives per hour; more wait in the outbox (counted in the database, so across nodes).</summary>
public sealed class MailThrottleOptions
{
    /// <summary>0 turns the throttle off.</summary>
    public int PerRecipientPerHour { get; set; } = 20;
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public static readonly string[] SecurityModes = ["Required", "SslOnConnect", "Auto", "None"];

    /// <summary>
    /// STARTTLS always (Required, the default: no mail with a link leaves unencrypted), TLS from the first byte
    /// (SslOnConnect); only if the operator says so: STARTTLS when offered (Auto) or never (None).
    /// </summary>
    public string Security { get; set; } = "Required";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
