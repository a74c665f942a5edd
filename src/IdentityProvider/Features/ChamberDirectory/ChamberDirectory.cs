using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.ChamberDirectory;

public sealed class ChamberDirectoryOptions
{
    /// <summary>The chambers (Kammernummer, name, address); relative paths start at the content root.</summary>
    [Display(Name = "Chambers:ChambersFile")]
    [Required]
    public string ChambersFile { get; set; } = "Content/Kammern/kammern.csv";

    /// <summary>The postal code ranges and their chamber.</summary>
    [Display(Name = "Chambers:PostalCodesFile")]
    [Required]
    public string PostalCodesFile { get; set; } = "Content/Kammern/plz-zuordnung.csv";
}

/// <summary>
/// The chamber directory: at start the operator's files are read, the chambers upserted into the database by
/// Kammernummer (chambers missing from the file stay, organisations refer to them) and the postal code
/// ranges loaded into <see cref="PostalCodeLookup"/>.
/// </summary>
public static class ChamberDirectory
{
    public static IServiceCollection AddChamberDirectory(this IServiceCollection services)
    {
        services.AddOptions<ChamberDirectoryOptions>().BindConfiguration("Chambers").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PostalCodeLookup>();
        return services;
    }

    public static async Task LoadChamberDirectoryAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<ChamberDirectoryOptions>>().Value;
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var chambers = ChamberDirectoryFiles.ReadChambers(Path.Combine(root, options.ChambersFile));
        var ranges = ChamberDirectoryFiles.ReadPostalCodes(
            Path.Combine(root, options.PostalCodesFile), chambers.Select(c => c.Kammernummer).ToHashSet(StringComparer.Ordinal));

        await using var scope = services.CreateAsyncScope();
        await UpsertAsync(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), chambers, cancellationToken);
        services.GetRequiredService<PostalCodeLookup>().Load(ranges);
    }

    /// <summary>The operator command `import-chambers FILE`: upserts the chambers of FILE; returns (added, updated).</summary>
    public static async Task<(int Added, int Updated)> ImportChambersAsync(this IServiceProvider services, string file, CancellationToken cancellationToken = default)
    {
        var chambers = ChamberDirectoryFiles.ReadChambers(Path.GetFullPath(file));
        await using var scope = services.CreateAsyncScope();
        return await UpsertAsync(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), chambers, cancellationToken);
    }

    /// <summary>The chamber responsible for a postal code, or null (no range covers it, or the chamber is not stored).</summary>
    public static async Task<Chamber?> ChamberForPostalCodeAsync(
        this ApplicationDbContext db, PostalCodeLookup lookup, string? postalCode, CancellationToken cancellationToken) =>
        lookup.KammernummerFor(postalCode?.Trim()) is { } kammernummer
            ? await db.Chambers.SingleOrDefaultAsync(c => c.Kammernummer == kammernummer, cancellationToken)
            : null;

    private static async Task<(int Added, int Updated)> UpsertAsync(ApplicationDbContext db, IReadOnlyList<ChamberRecord> chambers, CancellationToken cancellationToken)
    {
        var stored = await db.Chambers.ToDictionaryAsync(c => c.Kammernummer, StringComparer.Ordinal, cancellationToken);
        int added = 0, updated = 0;
        foreach (var record in chambers)
        {
            if (!stored.TryGetValue(record.Kammernummer, out var chamber))
            {
                db.Chambers.Add(new Chamber { Kammernummer = record.Kammernummer, Name = record.Name, Street = record.Street, PostalCode = record.PostalCode, City = record.City });
                added++;
            }
            else if (chamber.Name != record.Name || chamber.Street != record.Street || chamber.PostalCode != record.PostalCode || chamber.City != record.City)
            {
                (chamber.Name, chamber.Street, chamber.PostalCode, chamber.City) = (record.Name, record.Street, record.PostalCode, record.City);
                updated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (added, updated);
    }
}
