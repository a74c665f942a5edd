using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Chamber.Register;

public sealed record RegisterImportResult(IReadOnlyList<RegisterCsvError> Errors, int Added, int Updated, int Removed)
{
    public bool Succeeded => Errors.Count == 0;

    public int Total => Added + Updated;
}

/// <summary>
/// Replaces a chamber's member register with the content of a file, all or nothing: a file with any bad row
/// changes nothing. Entries keep their identity by Identnummer (updated in place), entries missing from the
/// file are removed. Rows are written in batches without change tracking, in one transaction.
/// </summary>
public sealed class RegisterImport(ApplicationDbContext db, TimeProvider clock)
{
    private const int BatchSize = 2000;

    public async Task<RegisterImportResult> ImportAsync(int chamberId, Stream csv, ApplicationUser? actor, CancellationToken cancellationToken)
    {
        var (rows, errors) = RegisterCsv.Read(csv);
        if (errors.Count > 0)
        {
            return new RegisterImportResult(errors, 0, 0, 0);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.MemberRegister.AsNoTracking()
            .Where(e => e.ChamberId == chamberId)
            .Select(e => new { e.Identnummer, e.Id })
            .ToDictionaryAsync(e => e.Identnummer, e => e.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);

        var detectChanges = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // Delete and re-insert with the same ids: one statement and plain inserts instead of 100,000 updates.
            await db.MemberRegister.Where(e => e.ChamberId == chamberId).ExecuteDeleteAsync(cancellationToken);
            var updated = 0;
            foreach (var batch in rows.Chunk(BatchSize))
            {
                foreach (var row in batch)
                {
                    var id = Guid.NewGuid();
                    if (existing.Remove(row.Identnummer, out var kept))
                    {
                        id = kept;
                        updated++;
                    }

                    db.MemberRegister.Add(Entry(chamberId, id, row, now));
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            var removed = existing.Count;
            var result = new RegisterImportResult([], rows.Count - updated, updated, removed);
            db.Audit(AuditAction.RegisterImported, now, actor, chamberId: chamberId,
                details: $"total={result.Total}; added={result.Added}; updated={result.Updated}; removed={result.Removed}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
    }

    private static MemberRegisterEntry Entry(int chamberId, Guid id, RegisterCsvRow row, DateTime now) => new()
    {
        Id = id,
        ChamberId = chamberId,
        Identnummer = row.Identnummer,
        Firmierung = row.Firmierung,
        Rechtsform = row.Rechtsform,
        Strasse = row.Strasse,
        Hausnummer = row.Hausnummer,
        Plz = row.Plz,
        Ort = row.Ort,
        HrNummer = row.HrNummer,
        Registergericht = row.Registergericht,
        Registerart = row.Registerart,
        GeschaeftsfuehrungName = row.GeschaeftsfuehrungName,
        GeschaeftsfuehrungStrasse = row.GeschaeftsfuehrungStrasse,
        GeschaeftsfuehrungHausnummer = row.GeschaeftsfuehrungHausnummer,
        GeschaeftsfuehrungPlz = row.GeschaeftsfuehrungPlz,
        GeschaeftsfuehrungOrt = row.GeschaeftsfuehrungOrt,
        ImportedAt = now,
    };
}
