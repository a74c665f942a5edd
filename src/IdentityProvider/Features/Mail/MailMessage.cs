namespace MeineIhk.IdentityProvider.Features.Mail;

/// <summary>A composed mail, ready for the outbox.</summary>
public sealed record MailMessage(string Purpose, string Recipient, string Subject, string TextBody, string HtmlBody);
