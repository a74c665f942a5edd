using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>A real SMTP server in the test process on 127.0.0.1, which a test can stop and start again on the same port.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private CancellationTokenSource? _running;
    private Task? _serverTask;

    public int Port { get; } = FreePort.Get();

    public IReadOnlyCollection<MimeMessage> Received => _store.Messages;

    public IEnumerable<MimeMessage> To(string address) =>
        _store.Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new CancellationTokenSource();
        _serverTask = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        try
        {
            await _serverTask!;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        _running.Dispose();
        _running = null;
    }

    /// <summary>Waits until <paramref name="count"/> mails to <paramref name="address"/> arrived (or fails after the timeout).</summary>
    public async Task<List<MimeMessage>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var mails = To(address).ToList();
            if (mails.Count >= count)
            {
                return mails;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Expected {count} mail(s) to {address}, got {To(address).Count()}.");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
