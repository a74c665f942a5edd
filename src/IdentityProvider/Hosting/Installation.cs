namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Where the provider finds its appsettings*.json, wwwroot and relative paths: the installation (the folder of the
/// executable), not the current folder, so that `migrate` run from anywhere uses the installed settings instead of
/// creating a new SQLite database where the operator happens to stand. An explicit content root (--contentRoot,
/// ASPNETCORE_CONTENTROOT) wins; `dotnet run` from the project folder keeps the source folder (development).
/// </summary>
public static class Installation
{
    private const string ProjectFile = "IdentityProvider.csproj";

    /// <summary>The content root to use, or null to leave it to the host (explicit or development).</summary>
    public static string? ContentRoot(string[] args)
    {
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (named || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), ProjectFile)))
        {
            return null;
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>A relative SQLite file is taken below the content root, not the current folder.</summary>
    public static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource)
            && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        return builder.ConnectionString;
    }
}
