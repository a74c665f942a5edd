using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Shared;

public enum ResultStatus
{
    Done,

    /// <summary>A domain rule was broken; <see cref="Result{T}.Errors"/> says which. Nothing changed.</summary>
    Invalid,

    /// <summary>No such thing, or not one the actor may see (the two are not told apart).</summary>
    NotFound,

    /// <summary>Someone else changed the thing since it was read, or used it first. Nothing changed.</summary>
    Conflict,
}

/// <summary>
/// A rule a value broke: the field it belongs to (a property path such as "RedirectUris[1]", empty for the whole
/// form), the resource key of its message and the message's arguments.
/// </summary>
public sealed record BrokenRule(string Field, string MessageKey, params object[] Arguments)
{
    /// <summary>The localised message, in the current UI culture.</summary>
    public string Message(IStringLocalizer localizer) =>
        Arguments.Length == 0 ? localizer[MessageKey].Value : localizer[MessageKey, Arguments].Value;
}

/// <summary>
/// What a feature service answers, to pages (which put <see cref="Errors"/> into the model state) and the management
/// API (which turns them into problem details) alike: done with a value, or the rules that were broken.
/// </summary>
public sealed record Result<T>(ResultStatus Status, T? Value, IReadOnlyList<BrokenRule> Errors)
{
    public bool Succeeded => Status == ResultStatus.Done;
}

public static class Result
{
    public static Result<T> Done<T>(T value) => new(ResultStatus.Done, value, []);

    public static Result<T> Invalid<T>(IReadOnlyList<BrokenRule> errors) => new(ResultStatus.Invalid, default, errors);

    public static Result<T> Invalid<T>(string field, string messageKey, params object[] arguments) =>
        new(ResultStatus.Invalid, default, [new(field, messageKey, arguments)]);

    public static Result<T> NotFound<T>() => new(ResultStatus.NotFound, default, []);

    public static Result<T> Conflict<T>(string messageKey) => new(ResultStatus.Conflict, default, [new(string.Empty, messageKey)]);
}
