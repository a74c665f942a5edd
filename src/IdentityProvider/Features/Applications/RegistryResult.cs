namespace MeineIhk.IdentityProvider.Features.Applications;

public enum RegistryStatus
{
    Done,

    /// <summary>Input broke a rule; <see cref="RegistryResult{T}.Errors"/> says which. Nothing changed.</summary>
    Invalid,

    /// <summary>No such application, or not one the actor may see (the two are not told apart).</summary>
    NotFound,

    /// <summary>Someone else changed the application since it was read. Nothing changed.</summary>
    Conflict,
}

public sealed record RegistryResult<T>(RegistryStatus Status, T? Value, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => Status == RegistryStatus.Done;
}

public static class RegistryResult
{
    public static RegistryResult<T> Done<T>(T value) => new(RegistryStatus.Done, value, []);

    public static RegistryResult<T> Invalid<T>(IReadOnlyList<FieldError> errors) => new(RegistryStatus.Invalid, default, errors);

    public static RegistryResult<T> Invalid<T>(string field, string messageKey) => new(RegistryStatus.Invalid, default, [new(field, messageKey)]);

    public static RegistryResult<T> NotFound<T>() => new(RegistryStatus.NotFound, default, []);

    public static RegistryResult<T> Conflict<T>() => new(RegistryStatus.Conflict, default, [new(string.Empty, "Applications.Error.Conflict")]);
}
