using System.Security.Claims;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>
/// Who may call the management API: a client's own access token (client_credentials, the subject is the client)
/// carrying the scope ihk.manage and the management audience, from a client that is still usable. A user's token
/// is refused even with the scope, because the API acts with platform-administrator rights.
/// </summary>
public static class ManagementAccess
{
    public const string Policy = "management-api";

    /// <summary>The resource of the ihk.manage scope: the audience of every management token.</summary>
    public const string Audience = "meine-ihk-management";

    public static IServiceCollection AddManagementAccess(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, Handler>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new Requirement()));
        return services;
    }

    /// <summary>The acting management client, as the registry records it.</summary>
    public static RegistryActor Actor(this HttpContext http) => RegistryActor.ManagementClient(ClientId(http.User)!);

    private static string? ClientId(ClaimsPrincipal principal) =>
        principal.GetClaim(Claims.ClientId) ?? principal.GetPresenters().FirstOrDefault();

    /// <summary>Creates the ihk.manage scope with its resource once, so that management tokens carry the audience.</summary>
    public static async Task EnsureManagementScopeAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var scopes = scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
        var existing = await scopes.FindByNameAsync(ApplicationRules.ManagementScope, cancellationToken);
        if (existing is null)
        {
            await scopes.CreateAsync(new OpenIddictScopeDescriptor
            {
                Name = ApplicationRules.ManagementScope,
                DisplayName = "meine ihk management API",
                Resources = { Audience },
            }, cancellationToken);
            return;
        }

        if (!(await scopes.GetResourcesAsync(existing, cancellationToken)).Contains(Audience))
        {
            var descriptor = new OpenIddictScopeDescriptor();
            await scopes.PopulateAsync(descriptor, existing, cancellationToken);
            descriptor.Resources.Add(Audience);
            await scopes.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    private sealed class Requirement : IAuthorizationRequirement;

    private sealed class Handler(ClientRules clients) : AuthorizationHandler<Requirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
        {
            var principal = context.User;
            var clientId = ClientId(principal);
            if (clientId is not null
                && principal.GetClaim(Claims.Subject) == clientId
                && principal.HasScope(ApplicationRules.ManagementScope)
                && principal.HasAudience(Audience)
                && await clients.IsUsableAsync(clientId, CancellationToken.None))
            {
                context.Succeed(requirement);
            }
        }
    }
}
