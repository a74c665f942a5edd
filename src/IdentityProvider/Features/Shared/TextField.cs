namespace MeineIhk.IdentityProvider.Features.Shared;

/// <summary>
/// One labelled text input with its help and its errors, wired for screen readers (see _TextField). <paramref name="Info"/>
/// is the manual's "Informations-Icon": a disclosure (details/summary, works without script) whose text also describes the input.
/// <paramref name="Id"/> sets the element id where one name appears in several forms of a page.
/// </summary>
public sealed record TextField(
    string Name,
    string Label,
    string? Value,
    bool Required = true,
    string Type = "text",
    string AutoComplete = "off",
    int MaxLength = 256,
    string? Help = null,
    string? Info = null,
    string? Id = null);
