namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>A labelled select list with its errors (see _SelectField); an optional list starts with an empty choice.</summary>
public sealed record SelectField(string Name, string Label, string? Value, IReadOnlyList<string> Options, bool Required = true);
