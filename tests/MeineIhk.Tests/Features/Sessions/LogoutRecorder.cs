using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// A relying party's back-channel logout endpoint on 127.0.0.1 (one path per client) that records every logout
/// token posted to it and answers with the statuses a test scripted (200 when none is left).
/// </summary>
public sealed class LogoutRecorder : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HttpStatusCode>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyCollection<Received> All => _received.ToArray();

    public Uri EndpointOf(string clientId) => new(Url, "logout/" + clientId);

    public async Task StartAsync()
    {
        Url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Urls.Add(Url.GetLeftPart(UriPartial.Authority));
        _app.MapPost("/logout/{clientId}", async (string clientId, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var status = _answers.TryGetValue(clientId, out var queue) && queue.TryDequeue(out var scripted) ? scripted : HttpStatusCode.OK;
            _received.Enqueue(new Received(clientId, request.ContentType ?? string.Empty, form["logout_token"].ToString(), status));
            return Results.StatusCode((int)status);
        });
        await _app.StartAsync();
    }

    /// <summary>The next posts for <paramref name="clientId"/> are answered with these statuses, in order.</summary>
    public void AnswerNext(string clientId, params HttpStatusCode[] statuses)
    {
        var queue = _answers.GetOrAdd(clientId, _ => new ConcurrentQueue<HttpStatusCode>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    public IReadOnlyList<Received> For(string clientId) => _received.Where(r => r.ClientId == clientId).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public sealed record Received(string ClientId, string ContentType, string LogoutToken, HttpStatusCode Answer);
}
