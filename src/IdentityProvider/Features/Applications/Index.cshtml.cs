using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>The developer's own applications (platform administrators see all) with their status.</summary>
public sealed class IndexModel(ApplicationRegistry registry) : ApplicationsPage
{
    public IReadOnlyList<Fachanwendung> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Applications = await registry.ListAsync(Actor, cancellationToken);
}
