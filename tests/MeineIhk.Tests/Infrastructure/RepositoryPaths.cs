using MeineIhk.Tests.Data;
namespace MeineIhk.Tests.Infrastructure;

public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MeineIhk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("MeineIhk.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string IdentityProviderContentRoot => Path.Combine(Root, "src", "IdentityProvider");

    public static string SampleAppContentRoot => Path.Combine(Root, "src", "SampleFachanwendung");
}
