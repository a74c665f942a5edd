namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Outside Development the provider starts only with an explicit configuration of what it must never guess: the
/// database (SQLite also needs <c>Database:SingleNode=true</c>), the public origin, the key ring's protection and the
/// mail settings. Without them a production node would silently use its own SQLite file, links of the request's
/// host, an unencrypted key ring or a mail server on localhost. Checked before anything is created or migrated.
/// </summary>
public static class StartupRequirements
{
    /// <summary>The exit code of a start refused for its configuration (sysexits EX_CONFIG; systemd: "CONFIG").</summary>
    public const int ExitCode = 78;

    /// <summary>Each missing or contradictory key with what it is for; empty in Development or when complete.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return [];
        }

        var problems = new List<string>();
        void Require(string key, string what)
        {
            if (string.IsNullOrWhiteSpace(configuration[key]))
            {
                problems.Add($"{key} is not set: {what}.");
            }
        }

        Require("Database:Provider", "the database (Sqlite, PostgreSql or SqlServer)");
        Require("ConnectionStrings:Default", "the connection string of the database");
        if (string.Equals(configuration["Database:Provider"], "Sqlite", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(configuration["Database:SingleNode"], "true", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Database:SingleNode is not true: SQLite serves one node only; say so with Database:SingleNode=true, or use PostgreSql or SqlServer.");
        }

        if (string.IsNullOrWhiteSpace(HostingOptions.ConfiguredIssuer(configuration)))
        {
            problems.Add($"{HostingOptions.IssuerKey} is not set: the public origin (e.g. https://meine.ihk.example/) that tokens, mail links and letters name.");
        }

        // Plain http only where no network sees it: a browser drops Secure cookies over http (ProviderCookies).
        if (Uri.TryCreate(HostingOptions.ConfiguredIssuer(configuration), UriKind.Absolute, out var issuer)
            && issuer.Scheme == Uri.UriSchemeHttp && !issuer.IsLoopback)
        {
            problems.Add($"{HostingOptions.IssuerKey} is http on a host that is not loopback ({issuer.Host}): outside Development the public origin must be https.");
        }

        if (string.IsNullOrWhiteSpace(configuration[KeyRingProtection.PathKey]) && string.IsNullOrWhiteSpace(configuration[KeyRingProtection.ThumbprintKey]))
        {
            problems.Add($"{KeyRingProtection.PathKey} (with {KeyRingProtection.PasswordKey}) or {KeyRingProtection.ThumbprintKey} is not set: "
                + "the certificate that encrypts the Data Protection key ring at rest.");
        }

        Require("Mail:Transport", "how mail leaves (Smtp, or Folder for a test installation)");
        if (!string.Equals(configuration["Mail:Transport"], "Folder", StringComparison.OrdinalIgnoreCase))
        {
            Require("Mail:Smtp:Host", "the SMTP server");
            Require("Mail:From", "the sender address of every mail");
        }

        return problems;
    }

    /// <summary>Throws <see cref="StartupRefusedException"/> listing every problem, so that one start shows them all.</summary>
    public static void Enforce(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = Problems(configuration, environment);
        if (problems.Count > 0)
        {
            throw new StartupRefusedException(
                $"meine ihk does not start in the environment '{environment.EnvironmentName}' without these settings (see docs/operations.md, \"Fail fast\"):"
                + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }
}

/// <summary>The configuration is incomplete for this environment; the message names every missing key.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
