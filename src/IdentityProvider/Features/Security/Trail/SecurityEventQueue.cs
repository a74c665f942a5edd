using System.Threading.Channels;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Security.Trail;

/// <summary>
/// The trail as the features see it: each event is logged at once (JSON-ready, stable event id) and queued for the
/// table in a bounded channel that <see cref="SecurityEventWriter"/> drains. Recording never waits and never throws:
/// when the channel is full the event stays in the log only, and the loss is counted and logged.
/// </summary>
public sealed class SecurityEventQueue : ISecurityEventTrail
{
    private const int MaxLength = 256;

    private readonly LoggedSecurityEventTrail log;
    private readonly TimeProvider clock;
    private readonly ILogger<SecurityEventQueue> logger;
    private readonly Channel<SecurityEventEntry> channel;
    private long dropped;

    public SecurityEventQueue(ILoggerFactory loggers, TimeProvider clock, IOptions<SecurityEventOptions> options, ILogger<SecurityEventQueue> logger)
    {
        log = new LoggedSecurityEventTrail(loggers);
        this.clock = clock;
        this.logger = logger;
        channel = Channel.CreateBounded<SecurityEventEntry>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full channel refuses at once instead of waiting
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public ChannelReader<SecurityEventEntry> Reader => channel.Reader;

    /// <summary>Events that found the channel full and went to the log only.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Record(SecurityEvent securityEvent)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        try
        {
            log.Record(securityEvent);
            var entry = new SecurityEventEntry
            {
                OccurredAt = clock.GetUtcNow().UtcDateTime,
                EventId = (int)securityEvent.Kind,
                Kind = securityEvent.Kind.ToString(),
                UserId = Cut(securityEvent.UserId, 450),
                UserName = Cut(securityEvent.UserName, MaxLength),
                ClientId = Cut(securityEvent.ClientId, 100),
                Detail = Cut(securityEvent.Detail, MaxLength),
                RemoteAddress = Cut(securityEvent.RemoteAddress, 64),
                SessionId = Cut(securityEvent.SessionId, 100),
            };
            if (!channel.Writer.TryWrite(entry) && Interlocked.Increment(ref dropped) is var count && (count == 1 || count % 1000 == 0))
            {
                logger.LogWarning("The security event queue is full; {Dropped} events so far went to the log only", count);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A trail that fails must not fail the login it records.
            logger.LogError(exception, "A security event could not be recorded");
        }
    }

    /// <summary>No more events are accepted (shutdown); the writer drains what is queued.</summary>
    public void Complete() => channel.Writer.TryComplete();

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
