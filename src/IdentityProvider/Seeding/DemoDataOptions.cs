namespace MeineIhk.IdentityProvider.Seeding;

public sealed class DemoDataOptions
{
    /// <summary>Seed the demo chambers, organisations, Fachanwendungen and users (Development only by default).</summary>
    public bool Seed { get; set; }

    /// <summary>The password of every demo user; from configuration, never from code.</summary>
    public string? Password { get; set; }

    /// <summary>Where the sample Fachanwendung runs; its redirect URIs are registered from this.</summary>
    public Uri SampleAppUrl { get; set; } = new("http://localhost:5002/");

    public string SampleAppSecret { get; set; } = string.Empty;

    /// <summary>When set, a management-API client (<see cref="DemoCatalogue.ManagementClientId"/>) with this secret, for trying /api/reference.</summary>
    public string? ManagementClientSecret { get; set; }

    /// <summary>The client id of a demo application that requires a second factor (step-up); none when empty.</summary>
    public string? SecondFactorRequiredBy { get; set; }

    /// <summary>Print the demo logins to the console at start.</summary>
    public bool PrintLogins { get; set; }
}
