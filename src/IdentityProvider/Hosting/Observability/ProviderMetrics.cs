using System.Diagnostics.Metrics;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>
/// meine ihk's own metrics, on the meter <c>MeineIhk</c> (exported by OTLP and on <c>/metrics</c>). Labels never
/// carry a user, an address or a secret: only grant types, client ids, results and outbox names.
/// </summary>
public sealed class ProviderMetrics
{
    public const string MeterName = "MeineIhk";

    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _givenUp;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _secondFactorPrompts;

    public ProviderMetrics(IMeterFactory meters, OutboxState outboxes)
    {
        var meter = meters.Create(MeterName);
        _tokensIssued = meter.CreateCounter<long>("meineihk.tokens.issued", "{response}", "Successful token responses, by grant type and client.");
        _logins = meter.CreateCounter<long>("meineihk.logins", "{attempt}", "Interactive login attempts, by result and method.");
        _deliveries = meter.CreateCounter<long>("meineihk.outbox.delivered", "{item}", "Mails and back-channel logout notices delivered.");
        _givenUp = meter.CreateCounter<long>("meineihk.outbox.given_up", "{item}", "Mails and back-channel logout notices given up after their last attempt.");
        _secondFactorPrompts = meter.CreateCounter<long>("meineihk.second_factor.prompts", "{prompt}", "Second-factor prompts, after the password or as step-up.");
        _throttled = meter.CreateCounter<long>("meineihk.requests.throttled", "{request}", "Requests refused by a rate limit (429).");
        meter.CreateObservableGauge("meineihk.outbox.queue_length", () => outboxes.Current.Select(o => new Measurement<long>(o.Pending, Outbox(o.Outbox))),
            "{item}", "Items waiting for delivery, per outbox (refreshed every few seconds).");
        meter.CreateObservableGauge("meineihk.outbox.oldest_age", () => outboxes.Current.Select(o => new Measurement<double>(o.OldestAge.TotalSeconds, Outbox(o.Outbox))),
            "s", "Age of the oldest item waiting for delivery, per outbox (0 when empty).");
        meter.CreateObservableGauge("meineihk.signing_key.age", () => outboxes.SigningKeyAge is { } age ? [new Measurement<double>(age.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Age of the newest signing key of the configured algorithm.");
    }

    public void TokenIssued(string? grantType, string? clientId) =>
        _tokensIssued.Add(1, new("grant_type", grantType ?? "unknown"), new("client_id", clientId ?? "unknown"));

    /// <param name="result">success, failure, locked_out, not_allowed, unconfirmed.</param>
    /// <param name="method">password (passkeys and second factors add theirs).</param>
    public void Login(string result, string method) => _logins.Add(1, new("result", result), new("method", method));

    public void Delivered(Outbox outbox) => _deliveries.Add(1, Outbox(outbox));

    public void GivenUp(Outbox outbox) => _givenUp.Add(1, Outbox(outbox));

    /// <summary>The second-factor step was shown (after the password, or as step-up inside a session).</summary>
    public void SecondFactorPrompted(string reason) => _secondFactorPrompts.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Throttled(string path) => _throttled.Add(1, new KeyValuePair<string, object?>("endpoint", path));

    private static KeyValuePair<string, object?> Outbox(Outbox outbox) =>
        new("outbox", outbox == Hosting.Outbox.Mail ? "mail" : "back_channel_logout");
}
