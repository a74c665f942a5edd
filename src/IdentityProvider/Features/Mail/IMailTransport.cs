using MimeKit;

namespace MeineIhk.IdentityProvider.Features.Mail;

public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
