using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Features.Protocol.Consent;

/// <summary>A confidential application as a developer registers it: approved, not first-party (the default), one role "leser".</summary>
internal static class ThirdPartyClients
{
    public static async Task<(string ClientId, string Secret)> RegisterAsync(TestWorld world, Uri redirectUri)
    {
        var clientId = "dritt-" + Guid.NewGuid().ToString("N")[..10];
        var created = await world.Registry(r => r.CreateAsync(new ApplicationSettings
        {
            ClientId = clientId,
            DisplayNameDe = "Testanwendung",
            DisplayNameEn = "Test application",
            RedirectUris = [redirectUri.ToString()],
            Scopes = ["openid", "profile", "email", "ihk.org", "offline_access"],
        }, [new RoleDefinition("leser", "Leser(in)", "Reader", null)], RegistryActor.Operator));
        Assert.True(created.Succeeded, string.Join(", ", created.Errors));
        Assert.True((await world.Registry(r => r.ApproveAsync(clientId, RegistryActor.Operator))).Succeeded);
        Assert.False(created.Value!.Application.Fachanwendung.FirstParty);
        return (clientId, created.Value.Secret!.PlainText);
    }
}
