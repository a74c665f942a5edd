using Microsoft.Extensions.Options;
using MimeKit;

namespace MeineIhk.IdentityProvider.Features.Mail;

/// <summary>Development: mails land as .eml files, readable on the development mailbox page.</summary>
public sealed class FolderMailTransport(IOptions<MailOptions> options, IHostEnvironment environment, TimeProvider clock) : IMailTransport
{
    public string Folder => Path.Combine(environment.ContentRootPath, options.Value.Folder);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{clock.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml";
        await message.WriteToAsync(Path.Combine(Folder, name), cancellationToken);
    }
}
