using System.Text.Json;
using System.Text.Json.Nodes;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Export;

/// <summary>Everything meine ihk holds about the user, as JSON (GDPR Art. 15 and 20), named in the user's language.</summary>
public sealed class IndexModel(UserManager<ApplicationUser> users, PersonalDataReport reports, IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var report = await reports.ForAsync((await users.GetUserAsync(User))!, cancellationToken);
        var root = new JsonObject { [t["Profile.Stored.ExportedAt"].Value] = Value(report.ExportedAt) };
        foreach (var section in report.Sections)
        {
            var records = section.Records.Select(Record).ToList();
            root[section.Title] = section.Many ? new JsonArray([.. records]) : (JsonNode)records.Single();
        }

        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(root, Json), "application/json", "meine-ihk-daten.json");
    }

    private static JsonObject Record(IReadOnlyList<PersonalDataReport.Field> fields)
    {
        var record = new JsonObject();
        foreach (var field in fields)
        {
            record[field.Label] = Value(field.Value);
        }

        return record;
    }

    // Times stay machine-readable in the file (ISO 8601, UTC); the page shows them in German local time.
    private static JsonValue? Value(object? value) => value switch
    {
        null => null,
        DateTime time => JsonValue.Create(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => JsonValue.Create(value.ToString()),
    };
}
