using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>
/// /api/v1/applications: register, read, change, approve, disable and enable Fachanwendungen, mark them first-party,
/// decide a developer's pending change. The API acts with platform-administrator rights, so its own PUT applies at once.
/// </summary>
public static class ApplicationsApi
{
    public static RouteGroupBuilder MapApplicationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/applications").WithTags("Applications");

        group.MapGet("/", ListAsync).WithName("ListApplications").Produces<List<ApplicationSummary>>().WithSummary("All Fachanwendungen");
        group.MapPost("/", CreateAsync).WithName("CreateApplication").Produces<CreatedApplicationResponse>(StatusCodes.Status201Created)
            .WithSummary("Registers a Fachanwendung; a confidential one gets its first secret, shown in this answer only")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .LimitLists<RouteHandlerBuilder, CreateApplicationRequest>(RequestLimits.Of);
        group.MapGet("/{clientId}", GetAsync).WithName("GetApplication").Produces<ApplicationResponse>().WithSummary("One Fachanwendung with its protocol settings and roles")
            .WithDescription("The top-level settings are those in force. pendingChange is null, or the redirect, post-logout and back-channel addresses and scopes a developer asked for after approval, with requestedAt; they take effect only when a platform administrator approves them (POST …/pending-change/approval).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{clientId}", UpdateAsync).WithName("UpdateApplication").Produces<ApplicationResponse>()
            .WithSummary("Replaces the settings (not the client id, type or roles) at once, as a platform administrator's edit; If-Match with the ETag of a GET is required")
            .WithDescription("The management API acts with platform-administrator rights: the answer is 200 with the new values in force. A pendingChange a developer saved stays until it is approved or rejected, unless this PUT sets exactly its values.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch()
            .LimitLists<RouteHandlerBuilder, UpdateApplicationRequest>(RequestLimits.Of);
        group.MapPost("/{clientId}/approval", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.ApproveAsync(clientId, http.Actor(), ct), http, localizer))
            .WithName("ApproveApplication").Produces<ApplicationResponse>().WithSummary("Approves the application: from now on users may log in through it")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{clientId}/pending-change/approval", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.ApprovePendingChangeAsync(clientId, null, http.Actor(), ct), http, localizer))
            .WithName("ApprovePendingChange").Produces<ApplicationResponse>()
            .WithSummary("Approves the change of addresses and scopes the developer asked for (pendingChange): it is in force at once; If-Match required")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch();
        group.MapDelete("/{clientId}/pending-change", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.RejectPendingChangeAsync(clientId, null, http.Actor(), ct), http, localizer))
            .WithName("RejectPendingChange").Produces<ApplicationResponse>()
            .WithSummary("Rejects the pending change: the approved values stay in force; If-Match required")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch();
        group.MapPost("/{clientId}/disable", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.DisableAsync(clientId, http.Actor(), ct), http, localizer))
            .WithName("DisableApplication").Produces<ApplicationResponse>().WithSummary("Switches the application off at once: logins and tokens are refused")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{clientId}/enable", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.EnableAsync(clientId, http.Actor(), ct), http, localizer))
            .WithName("EnableApplication").Produces<ApplicationResponse>().WithSummary("Switches a disabled application on again")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{clientId}/first-party", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.SetFirstPartyAsync(clientId, true, http.Actor(), ct), http, localizer))
            .WithName("MarkApplicationFirstParty").Produces<ApplicationResponse>()
            .WithSummary("Marks the application first-party: users are not asked for consent (implicit consent)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{clientId}/first-party", (string clientId, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
                ChangeAsync(registry.SetFirstPartyAsync(clientId, false, http.Actor(), ct), http, localizer))
            .WithName("UnmarkApplicationFirstParty").Produces<ApplicationResponse>()
            .WithSummary("Removes the first-party mark: users see the consent page before the first login; If-Match required")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireIfMatch();
        return api;
    }

    private static async Task<IResult> ListAsync(ApplicationRegistry registry, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await registry.ListAsync(http.Actor(), ct)).Select(ApplicationSummary.From).ToList());

    private static async Task<IResult> CreateAsync(
        CreateApplicationRequest request, ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var result = await registry.CreateAsync(request.ToSettings(), request.RoleDefinitions(), http.Actor(), ct);
        if (!result.Succeeded)
        {
            return Problems.For(result, localizer);
        }

        var (application, secret) = (result.Value!.Application, result.Value.Secret);
        if (secret is not null)
        {
            http.Response.Headers.CacheControl = "no-store";
        }

        http.Response.Headers.ETag = Preconditions.ETag(application);
        return TypedResults.Created(
            $"/api/v1/applications/{Uri.EscapeDataString(application.ClientId)}",
            new CreatedApplicationResponse(ApplicationResponse.From(application), secret?.PlainText, secret is null ? null : SecretResponse.From(secret.Secret)));
    }

    private static async Task<IResult> GetAsync(
        string clientId, ApplicationRegistry registry, HttpContext http, CancellationToken ct)
    {
        var application = await registry.FindAsync(clientId, http.Actor(), ct);
        if (application is null)
        {
            return Problems.NotFound();
        }

        http.Response.Headers.ETag = Preconditions.ETag(application);
        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    private static async Task<IResult> UpdateAsync(
        string clientId, UpdateApplicationRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ApplicationRegistry registry, HttpContext http, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        var current = await registry.FindAsync(clientId, http.Actor(), ct);
        if (current is null)
        {
            return Problems.NotFound();
        }

        Guid? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            if (!EntityTagHeaderValue.TryParse(ifMatch.Trim(), out var tag) || !Guid.TryParse(tag.Tag.Value?.Trim('"'), out var stamp))
            {
                return TypedResults.Problem(detail: localizer["Applications.Error.Conflict"], statusCode: StatusCodes.Status412PreconditionFailed);
            }

            expected = stamp;
        }

        var result = await registry.UpdateAsync(clientId, request.ToSettings(clientId, current.Settings.ClientType), expected, http.Actor(), ct);
        return await ChangeAsync(Task.FromResult(result), http, localizer, preconditionSent: expected is not null);
    }

    private static async Task<IResult> ChangeAsync(
        Task<Result<RegisteredApplication>> change, HttpContext http, IStringLocalizer localizer, bool preconditionSent = false)
    {
        var result = await change;
        if (!result.Succeeded)
        {
            return Problems.For(result, localizer, preconditionSent);
        }

        http.Response.Headers.ETag = Preconditions.ETag(result.Value!);
        return TypedResults.Ok(ApplicationResponse.From(result.Value!));
    }
}
