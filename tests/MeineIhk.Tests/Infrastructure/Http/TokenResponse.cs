using System.Net;
using System.Text.Json;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;

namespace MeineIhk.Tests.Infrastructure.Http;

public sealed record TokenResponse(HttpStatusCode Status, JsonElement Json)
{
    public string? AccessToken => Text("access_token");

    public string? IdToken => Text("id_token");

    public string? RefreshToken => Text("refresh_token");

    public string? Error => Text("error");

    private string? Text(string name) => Json.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new TokenResponse(response.StatusCode, document.RootElement.Clone());
    }
}
