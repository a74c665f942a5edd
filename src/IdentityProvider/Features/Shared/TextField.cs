namespace MeineIhk.IdentityProvider.Features.Shared;

/// <summary>One labelled text input with its help and its errors, wired for screen readers (see _TextField).</summary>
public sealed record TextField(
    string Name,
    string Label,
    string? Value,
    bool Required = true,
    string Type = "text",
    string AutoComplete = "off",
    int MaxLength = 256,
    string? Help = null);
