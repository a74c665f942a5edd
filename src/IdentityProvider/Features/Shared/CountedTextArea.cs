namespace MeineIhk.IdentityProvider.Features.Shared;

/// <summary>A labelled text area with "Noch N Zeichen verfügbar" below it (see _CountedTextArea and js/zeichenzaehler.js).</summary>
public sealed record CountedTextArea(
    string Name,
    string Label,
    string? Value,
    int MaxLength,
    bool Required = true,
    string? Help = null,
    bool MarkOptional = true);
