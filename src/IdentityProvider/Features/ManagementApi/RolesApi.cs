using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>/api/v1/applications/{clientId}/roles: the role catalogue. Keys never change; removing a role removes it from every member.</summary>
public static class RolesApi
{
    public static RouteGroupBuilder MapRolesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/applications/{clientId}/roles").WithTags("Roles");

        group.MapGet("/", ListAsync).WithName("ListRoles").Produces<List<RoleResponse>>()
            .WithSummary("The role catalogue with how many members hold each role")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", AddAsync).WithName("AddRole").Produces<RoleResponse>(StatusCodes.Status201Created)
            .WithSummary("Adds a role to the catalogue")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{key}", GetAsync).WithName("GetRole").Produces<RoleResponse>()
            .WithSummary("One role with how many members hold it (what a removal would take away)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{key}", DescribeAsync).WithName("DescribeRole").Produces<RoleResponse>()
            .WithSummary("Changes display names and description; the key (what tokens carry) stays; If-Match (the application's ETag) required")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch();
        group.MapDelete("/{key}", RemoveAsync).WithName("RemoveRole").Produces<RoleRemovedResponse>()
            .WithSummary("Removes the role from the catalogue and from every member holding it; answers how many lost it; If-Match (the application's ETag) required")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch();
        return api;
    }

    private static async Task<IResult> ListAsync(string clientId, ApplicationRegistry registry, HttpContext http, CancellationToken ct)
    {
        var actor = http.Actor();
        if (await registry.FindAsync(clientId, actor, ct) is not { } application)
        {
            return Problems.NotFound();
        }

        var roles = new List<RoleResponse>();
        foreach (var role in application.Roles)
        {
            roles.Add(RoleResponse.From(role, await registry.CountHoldersAsync(clientId, role.Key, actor, ct) ?? 0));
        }

        return TypedResults.Ok(roles);
    }

    private static async Task<IResult> GetAsync(string clientId, string key, ApplicationRegistry registry, HttpContext http, CancellationToken ct)
    {
        var actor = http.Actor();
        var role = (await registry.FindAsync(clientId, actor, ct))?.Roles.SingleOrDefault(r => r.Key == key);
        return role is null
            ? Problems.NotFound()
            : TypedResults.Ok(RoleResponse.From(role, await registry.CountHoldersAsync(clientId, key, actor, ct) ?? 0));
    }

    private static async Task<IResult> AddAsync(
        string clientId, RoleRequest request, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var definition = request.ToDefinition();
        var result = await registry.AddRoleAsync(clientId, definition, http.Actor(), ct);
        if (!result.Succeeded)
        {
            return Problems.For(result, localizer);
        }

        var role = result.Value!.Roles.Single(r => r.Key == definition.Key);
        return TypedResults.Created(
            $"/api/v1/applications/{Uri.EscapeDataString(clientId)}/roles/{Uri.EscapeDataString(role.Key)}", RoleResponse.From(role, 0));
    }

    private static async Task<IResult> DescribeAsync(
        string clientId, string key, DescribeRoleRequest request, ApplicationRegistry registry, HttpContext http,
        IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var actor = http.Actor();
        var definition = new RoleDefinition(key, request.DisplayNameDe ?? string.Empty, request.DisplayNameEn ?? string.Empty, request.Description);
        var result = await registry.DescribeRoleAsync(clientId, definition, actor, ct);
        if (!result.Succeeded)
        {
            // The key comes from the path: a key the catalogue does not hold is not found, whatever its shape.
            return result.Errors.Any(e => e.Field == nameof(RoleDefinition.Key)) ? Problems.NotFound() : Problems.For(result, localizer);
        }

        var role = result.Value!.Roles.Single(r => r.Key == key);
        return TypedResults.Ok(RoleResponse.From(role, await registry.CountHoldersAsync(clientId, key, actor, ct) ?? 0));
    }

    private static async Task<IResult> RemoveAsync(
        string clientId, string key, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var result = await registry.RemoveRoleAsync(clientId, key, http.Actor(), ct);
        return result.Succeeded ? TypedResults.Ok(new RoleRemovedResponse(result.Value)) : Problems.For(result, localizer);
    }
}
