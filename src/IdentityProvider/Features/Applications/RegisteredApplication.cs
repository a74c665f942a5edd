using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>A Fachanwendung with its protocol settings as read from OpenIddict: what pages and the API show.</summary>
public sealed record RegisteredApplication(Fachanwendung Fachanwendung, ApplicationSettings Settings)
{
    public string ClientId => Fachanwendung.ClientId;

    public IEnumerable<ApplicationSecret> Secrets => Fachanwendung.Secrets.OrderByDescending(s => s.CreatedAt);

    public IEnumerable<FachanwendungRole> Roles => Fachanwendung.Roles.OrderBy(r => r.Key, StringComparer.Ordinal);
}

/// <summary>A freshly generated client secret: the only moment its plain text exists.</summary>
public sealed record IssuedSecret(ApplicationSecret Secret, string PlainText);

/// <summary>A new application and, for confidential clients, its first secret.</summary>
public sealed record CreatedApplication(RegisteredApplication Application, IssuedSecret? Secret);
