using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>/api/v1/applications/{clientId}/secrets: what secrets exist (never their values), rotation, revocation.</summary>
public static class SecretsApi
{
    public static RouteGroupBuilder MapSecretsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/applications/{clientId}/secrets").WithTags("Secrets");

        group.MapGet("/", ListAsync).WithName("ListSecrets").Produces<List<SecretResponse>>()
            .WithSummary("The application's secrets: id, hint, validity; never a secret or its hash")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", RotateAsync).WithName("RotateSecret").Produces<IssuedSecretResponse>(StatusCodes.Status201Created)
            .WithSummary("Issues a new secret, shown in this answer only; every other valid secret keeps working for overlapDays (default 7, 0 to 30)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{secretId:guid}", RevokeAsync).WithName("RevokeSecret").Produces(StatusCodes.Status204NoContent)
            .WithSummary("Revokes a secret at once; If-Match (the application's ETag, or * in an emergency) required")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch();
        return api;
    }

    private static async Task<IResult> ListAsync(string clientId, ApplicationRegistry registry, HttpContext http, CancellationToken ct) =>
        await registry.FindAsync(clientId, http.Actor(), ct) is { } application
            ? TypedResults.Ok(application.Secrets.Select(SecretResponse.From).ToList())
            : Problems.NotFound();

    private static async Task<IResult> RotateAsync(
        string clientId, RotateSecretRequest? request, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var days = request?.OverlapDays ?? (int)ApplicationRegistry.DefaultOverlap.TotalDays;
        if (days < 0 || days > ApplicationRegistry.MaxOverlap.TotalDays)
        {
            return Problems.Invalid([new BrokenRule("OverlapDays", "Applications.Error.Overlap")], localizer);
        }

        var result = await registry.RotateSecretAsync(clientId, TimeSpan.FromDays(days), http.Actor(), ct);
        if (!result.Succeeded)
        {
            return Problems.For(result, localizer);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new IssuedSecretResponse(result.Value!.PlainText, SecretResponse.From(result.Value.Secret)));
    }

    private static async Task<IResult> RevokeAsync(
        string clientId, Guid secretId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var result = await registry.RevokeSecretAsync(clientId, secretId, http.Actor(), ct);
        return result.Succeeded ? TypedResults.NoContent() : Problems.For(result, localizer);
    }
}
