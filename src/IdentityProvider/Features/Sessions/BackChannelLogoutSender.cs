using System.ComponentModel.DataAnnotations;
using System.Net;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MeineIhk.IdentityProvider.Features.Sessions;

public sealed class BackChannelLogoutOptions
{
    /// <summary>How often the sender looks for due notices when nothing woke it.</summary>
    [Display(Name = "BackChannelLogout:PollInterval")]
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one POST to a client may take.</summary>
    [Display(Name = "BackChannelLogout:Timeout")]
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a logout token is valid after signing.</summary>
    [Display(Name = "BackChannelLogout:TokenLifetime")]
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delivered or given-up notices and ended client sessions are deleted after this time.</summary>
    [Display(Name = "BackChannelLogout:Retention")]
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Waits after the 1st, 2nd, … failed attempt; after the last one the notice is given up (AbandonedAt).</summary>
    [Display(Name = "BackChannelLogout:RetryDelays")]
    [MinLength(1)]
    public TimeSpan[] RetryDelays { get; set; } =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(6),
    ];

    /// <summary>Address ranges (CIDR) that back-channel targets may resolve to although they are loopback, private or link-local.</summary>
    [Display(Name = "BackChannelLogout:AllowedRanges")]
    [CidrList]
    public string[] AllowedRanges { get; set; } = [];
}

/// <summary>Every entry is an address range in CIDR notation (10.0.0.0/8, fd00::/8).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CidrListAttribute : ValidationAttribute
{
    public CidrListAttribute() : base("{0} must list address ranges in CIDR notation (e.g. 10.0.0.0/8).")
    {
    }

    public override bool IsValid(object? value) => value is not IEnumerable<string> ranges || ranges.All(r => IPNetwork.TryParse(r, out _));
}

/// <summary>
/// Posts queued back-channel logout notices (OpenID Connect Back-Channel Logout 1.0): signs a fresh logout token
/// per attempt with the provider's signing key, posts it form-encoded, and retries with back-off while the
/// client is unreachable or answers anything but 200/204. The token is never logged.
/// </summary>
public sealed class BackChannelLogoutSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<BackChannelLogoutOptions> options,
    IOptions<ProviderSessionOptions> sessionOptions,
    Security.ISecurityEventTrail trail,
    IOptionsMonitor<OpenIddictServerOptions> serverOptions,
    PublicOrigin publicOrigin,
    BackChannelTargets targets,
    Protocol.SigningKeys.SigningKeyRing signingKeys,
    Hosting.Observability.ProviderMetrics metrics,
    ILogger<BackChannelLogoutSender> logger) : BackgroundService
{
    public const string HttpClientName = "BackChannelLogout";

    public const string EventType = "http://schemas.openid.net/event/backchannel-logout";

    public const string TokenType = "logout+jwt";

    // While one node posts a notice, others leave it alone.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private DateTimeOffset _nextPruning = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                if (clock.GetUtcNow() >= _nextPruning)
                {
                    await PruneAsync(stoppingToken);
                    _nextPruning = clock.GetUtcNow().AddHours(1);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Back-channel logout round failed; the notices stay queued");
            }

            try
            {
                await signal.WaitAsync(Outbox.BackChannelLogout, options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.BackChannelLogoutDeliveries
            .Where(d => d.DeliveredAt == null && d.AbandonedAt == null && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            // Claim: move the next attempt past the lease, only if no other node did so first.
            var claimed = await db.BackChannelLogoutDeliveries
                .Where(d => d.Id == delivery.Id && d.NextAttemptAt == delivery.NextAttemptAt && d.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now + Lease), cancellationToken);
            if (claimed == 1)
            {
                await SendAsync(delivery, cancellationToken);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>What is finished and old goes: settled notices, ended client and login sessions, and sessions no login lasts for; expired login sessions end.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var before = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
        await db.BackChannelLogoutDeliveries
            .Where(d => (d.DeliveredAt != null && d.DeliveredAt < before) || (d.AbandonedAt != null && d.AbandonedAt < before))
            .ExecuteDeleteAsync(cancellationToken);
        await db.ClientSessions
            .Where(s => (s.EndedAt != null && s.EndedAt < before) || s.CreatedAt < before - options.Value.Retention)
            .ExecuteDeleteAsync(cancellationToken);

        // Login sessions that passed their idle or absolute end without another request: their applications hear of it now.
        var now = clock.GetUtcNow().UtcDateTime;
        var idleSince = now - sessionOptions.Value.IdleTimeout;
        var expired = await db.AuthenticationSessions
            .Where(s => s.EndedAt == null && (s.ExpiresAt <= now || s.LastActiveAt <= idleSince))
            .Take(1000)
            .ToListAsync(cancellationToken);
        var ending = scope.ServiceProvider.GetRequiredService<BackChannelLogout>();
        await ending.AuthenticationSessionsEndedAsync(expired.Where(s => s.ExpiresAt <= now).ToList(), "absolute", cancellationToken);
        await ending.AuthenticationSessionsEndedAsync(expired.Where(s => s.ExpiresAt > now).ToList(), "idle", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var session in expired)
        {
            trail.Record(new Security.SecurityEvent(Security.SecurityEventKind.SessionEnded, UserId: session.UserId, Detail: session.EndReason,
                RemoteAddress: session.ClientAddress, SessionId: session.SessionId));
        }

        await db.AuthenticationSessions.Where(s => s.EndedAt != null && s.EndedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task SendAsync(BackChannelLogoutDelivery delivery, CancellationToken cancellationToken)
    {
        delivery.Attempts++;
        string? error;
        var refused = targets.RefusedScheme(new Uri(delivery.LogoutUri));
        try
        {
            if (refused is not null)
            {
                throw new BackChannelTargetRefusedException(refused);
            }

            using var content = new FormUrlEncodedContent([KeyValuePair.Create("logout_token", CreateToken(delivery))]);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(delivery.LogoutUri, content, timeout.Token);
            error = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            error = refusal.Message;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            error = exception.GetType().Name;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (error?.StartsWith("refused:", StringComparison.Ordinal) == true)
        {
            // Asking again changes nothing: given up at once, and recorded for the platform administrators.
            delivery.LastError = error;
            delivery.AbandonedAt = now;
            metrics.GivenUp(Outbox.BackChannelLogout);
            trail.Record(new Security.SecurityEvent(Security.SecurityEventKind.BackChannelTargetRefused, ClientId: delivery.ClientId, Detail: error));
            return;
        }

        if (error is null)
        {
            delivery.DeliveredAt = now;
            delivery.LastError = null;
            metrics.Delivered(Outbox.BackChannelLogout);
            return;
        }

        delivery.LastError = error;
        var delays = options.Value.RetryDelays;
        if (delivery.Attempts > delays.Length)
        {
            delivery.AbandonedAt = now;
            metrics.GivenUp(Outbox.BackChannelLogout);
            logger.LogWarning("Back-channel logout {DeliveryId} to {ClientId} given up after {Attempts} attempts: {Error}",
                delivery.Id, delivery.ClientId, delivery.Attempts, error);
        }
        else
        {
            delivery.NextAttemptAt = now + delays[delivery.Attempts - 1];
            logger.LogInformation("Back-channel logout {DeliveryId} to {ClientId} failed, attempt {Attempts}: {Error}; next at {NextAttemptAt:o}",
                delivery.Id, delivery.ClientId, delivery.Attempts, error, delivery.NextAttemptAt);
        }
    }

    private static BackChannelTargetRefusedException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BackChannelTargetRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>The logout token (Back-Channel Logout 1.0, 2.4), signed now so that iat is fresh.</summary>
    private string CreateToken(BackChannelLogoutDelivery delivery)
    {
        var server = serverOptions.CurrentValue;
        var issuer = server.Issuer ?? publicOrigin.BaseUri; // the configured public origin, as in the ID tokens
        var now = clock.GetUtcNow().UtcDateTime;
        var credentials = signingKeys.Signing(server.SigningCredentials, now) ?? server.SigningCredentials.First(c => c.Key is AsymmetricSecurityKey);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = delivery.Subject,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["events"] = new Dictionary<string, object>(StringComparer.Ordinal) { [EventType] = new Dictionary<string, object>() },
        };
        if (delivery.SessionId is not null)
        {
            claims["sid"] = delivery.SessionId;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.AbsoluteUri,
            Audience = delivery.ClientId,
            IssuedAt = now,
            Expires = now + options.Value.TokenLifetime,
            Claims = claims,
            SigningCredentials = credentials,
            TokenType = TokenType,
        });
    }
}
