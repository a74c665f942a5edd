using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Mail;

public static class MailSetup
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail").ValidateDataAnnotations()
            .Validate(o => SmtpOptions.SecurityModes.Contains(o.Smtp.Security), "Mail:Smtp:Security must be Required, SslOnConnect, Auto or None.")
            .Validate(o => o.Throttle.PerRecipientPerHour >= 0, "Mail:Throttle:PerRecipientPerHour must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<FolderMailTransport>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.Transport == MailTransportKind.Folder
            ? sp.GetRequiredService<FolderMailTransport>()
            : sp.GetRequiredService<SmtpMailTransport>());
        services.AddScoped<MailOutbox>();
        services.AddScoped<MailComposer>();
        services.AddSingleton<MailDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MailDispatcher>());
        return services;
    }
}
