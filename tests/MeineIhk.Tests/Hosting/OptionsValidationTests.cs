using MeineIhk.IdentityProvider;
using MeineIhk.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MeineIhk.Tests.Hosting;

/// <summary>Settings are typed and validated when the host starts: a wrong one stops the start and names its key.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Tokens:SigningAlgorithm", "HS256")]
    [InlineData("Tokens:AccessTokenLifetime", "-00:01:00")]
    [InlineData("Tokens:AuthorizationCodeLifetime", "01:00:00")]
    [InlineData("Security:FormPostsPerMinutePerAddress", "0")]
    [InlineData("Security:TokenRequestsPerMinutePerClient", "0")]
    [InlineData("Security:TokenRequestsPerMinutePerAddress", "-1")]
    [InlineData("Nodes:PollInterval", "00:00:00")]
    [InlineData("Hosting:KnownProxies:0", "not-an-address")]
    [InlineData("Hosting:KnownNetworks:0", "10.0.0.0/33")]
    [InlineData("Telemetry:MetricsNetworks:0", "everyone")]
    [InlineData("Health:OutboxStuckAfter", "00:00:01")]
    [InlineData("Issuer", "/relative/")]
    [InlineData("Registration:PrivacyNoticeVersion", "../../appsettings")]
    [InlineData("Organisations:Invitations:MaxSentPerHour", "0")]
    [InlineData("Organisations:ActivationLetters:Lifetime", "00:05:00")]
    [InlineData("BackChannelLogout:Timeout", "00:00:00")]
    [InlineData("Mail:PollInterval", "-00:00:01")]
    public async Task A_wrong_setting_stops_the_start_with_a_message_naming_its_key(string key, string value)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, "options");
        var settings = ProductionSettings.For(database, new Uri("http://127.0.0.1/"));
        settings["Hosting:AllowHttp"] = "true";
        settings["Logging:LogLevel:Default"] = "None";
        settings[key] = value;
        await using var app = ProviderApp.Create([], RepositoryPaths.IdentityProviderContentRoot, settings);
        app.Urls.Add("http://127.0.0.1:0");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key, refused.Message, StringComparison.Ordinal);
    }
}
