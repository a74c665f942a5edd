using System.Diagnostics;
using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Organisations.Members;
using MeineIhk.IdentityProvider.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Bench;

/// <summary>
/// The administrator's member list, measured by calling its query (<see cref="MemberDirectory"/>) directly with
/// the provider's own DbContext and configuration: the page (issue 5) was not built when this benchmark was.
/// </summary>
internal static class MemberListProbe
{
    /// <summary>Issue 7 measures the list with 50 members per page.</summary>
    public const int PageSize = 50;

    public sealed record Case(string Name, double P50Ms, double P95Ms, int Rows, int Total);

    public static async Task<IReadOnlyList<Case>> MeasureAsync(string connectionString, string contentRoot)
    {
        // Development: an in-process reader of the database needs no issuer, key-ring certificate or mail settings.
        var app = ProviderApp.Create(["--environment=Development"], contentRoot, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Default"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using var _ = app;
        Guid large;
        List<Guid> ordinary;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            large = await db.Organisations.Where(o => o.Firmierung == ScaleSeeding.LargeOrganisationName).Select(o => o.Id).FirstAsync();
            var count = await db.Organisations.CountAsync();
            ordinary = [];
            for (var i = 0; i < 50; i++)
            {
                ordinary.Add(await db.Organisations.OrderBy(o => o.Id).Skip(Random.Shared.Next(count)).Select(o => o.Id).FirstAsync());
            }
        }

        async Task<Case> RunAsync(string name, int calls, Func<int, (Guid Organisation, string? Search, int Page)> pick)
        {
            var times = new List<double>();
            MemberPage? last = null;
            for (var i = -5; i < calls; i++)
            {
                var (organisation, search, page) = pick(Math.Max(i, 0));
                await using var scope = app.Services.CreateAsyncScope();
                var directory = new MemberDirectory(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
                var clock = Stopwatch.StartNew();
                last = await directory.FindAsync(organisation, search, page, PageSize, CancellationToken.None);
                if (i >= 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var sorted = times.Order().ToArray();
            return new Case(name, LoadGenerator.Percentile(sorted, 0.5), LoadGenerator.Percentile(sorted, 0.95), last!.Items.Count, last.TotalCount);
        }

        return
        [
            await RunAsync("ordinary organisation, page 1", 200, i => (ordinary[i % ordinary.Count], null, 1)),
            await RunAsync("large organisation, page 1", 100, _ => (large, null, 1)),
            await RunAsync("large organisation, page 60", 100, _ => (large, null, 60)),
            await RunAsync("large organisation, search \"müller\"", 100, _ => (large, "müller", 1)),
        ];
    }
}
