using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;

/// <summary>
/// The keys of a client that registered a jwks_uri instead of a JWKS: read over https when an assertion of the client
/// arrives and kept per node for <see cref="Lifetime"/>, so a rotated key is picked up within minutes and a token request
/// does not wait for the client's server each time. A failed read gives no keys (the assertion is refused), never an error page.
/// </summary>
public sealed class ClientKeySets(IHttpClientFactory http, ILogger<ClientKeySets> logger)
{
    public const string HttpClientName = "client-jwks";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const int MaxLength = ResourcesKeysOrigins.MaxJsonWebKeySetLength * 5;

    private readonly ShortLivedCache<JsonWebKeySet?> _sets = new(Lifetime);

    public ValueTask<JsonWebKeySet?> FromUriAsync(string uri, CancellationToken cancellationToken) =>
        _sets.GetOrAddAsync(uri, async (address, ct) =>
        {
            try
            {
                using var client = http.CreateClient(HttpClientName);
                using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxLength)
                {
                    logger.LogWarning("Reading the client keys from {JwksUri} answered {Status}", address, (int)response.StatusCode);
                    return null;
                }

                var json = await response.Content.ReadAsStringAsync(ct);
                return json.Length <= MaxLength && ResourcesKeysOrigins.KeySetError(json) is null ? JsonWebKeySet.Create(json) : null;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or ArgumentException)
            {
                logger.LogWarning(exception, "Reading the client keys from {JwksUri} failed", address);
                return null;
            }
        }, cancellationToken);
}
