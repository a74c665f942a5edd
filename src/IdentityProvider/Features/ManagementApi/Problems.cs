using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>
/// Turns the registry's answers into RFC 9457 problem details: rule violations as 400 with the localised messages
/// keyed by camelCase field paths (redirectUris[0]) and the resource keys as <c>errorCodes</c> for machines;
/// unknown applications, secrets and roles as 404; concurrent changes as 409 (412 when If-Match was sent).
/// </summary>
public static class Problems
{
    public const string ErrorCodes = "errorCodes";

    /// <summary>Rules whose breach means "no such thing" or "already so" rather than bad input.</summary>
    private static readonly Dictionary<string, int> StatusByKey = new(StringComparer.Ordinal)
    {
        ["Applications.Error.SecretUnknown"] = StatusCodes.Status404NotFound,
        ["Applications.Error.RoleKeyUnknown"] = StatusCodes.Status404NotFound,
        ["Applications.Error.RoleKeyTaken"] = StatusCodes.Status409Conflict,
        ["Applications.Error.ClientIdTaken"] = StatusCodes.Status409Conflict,
        ["Applications.Error.ApplicationAlreadyApproved"] = StatusCodes.Status409Conflict,
        ["Applications.Error.NoPendingChange"] = StatusCodes.Status409Conflict,
    };

    public static IResult For<T>(Result<T> result, IStringLocalizer localizer, bool preconditionSent = false) => result.Status switch
    {
        ResultStatus.NotFound => NotFound(),
        ResultStatus.Conflict => TypedResults.Problem(
            detail: result.Errors.Count > 0 ? result.Errors[0].Message(localizer) : localizer["Applications.Error.Conflict"].Value,
            statusCode: preconditionSent ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict),
        _ => Invalid(result.Errors, localizer),
    };

    public static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);

    public static IResult Invalid(IReadOnlyList<BrokenRule> errors, IStringLocalizer localizer, Func<string, string>? renameField = null)
    {
        // A single rule that means "not found" or "conflict" is answered with that status, not as a validation error.
        if (errors.Count == 1 && StatusByKey.TryGetValue(errors[0].MessageKey, out var status))
        {
            var error = errors[0];
            return TypedResults.Problem(
                detail: error.Message(localizer),
                statusCode: status,
                extensions: new Dictionary<string, object?> { [ErrorCodes] = Codes([error], renameField) });
        }

        var messages = errors
            .GroupBy(e => FieldPath(e.Field, renameField), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message(localizer)).ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(
            messages,
            detail: localizer["ManagementApi.Problem.Invalid"],
            extensions: new Dictionary<string, object?> { [ErrorCodes] = Codes(errors, renameField) });
    }

    private static Dictionary<string, string[]> Codes(IEnumerable<BrokenRule> errors, Func<string, string>? renameField) =>
        errors.GroupBy(e => FieldPath(e.Field, renameField), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.MessageKey).ToArray(), StringComparer.Ordinal);

    /// <summary>"Roles[0].DisplayNameDe" becomes "roles[0].displayNameDe", as the JSON names the fields.</summary>
    public static string FieldPath(string field, Func<string, string>? renameField = null)
    {
        var renamed = renameField?.Invoke(field) ?? field;
        return string.Join('.', renamed.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
    }
}
