using System.Data.Common;
using System.Globalization;
using System.Text;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;

public sealed record RegisterImportResult(IReadOnlyList<RegisterCsvError> Errors, int Added, int Updated, int Removed)
{
    public bool Succeeded => Errors.Count == 0;

    public int Total => Added + Updated;
}

/// <summary>
/// Replaces a chamber's member register with the content of a file, all or nothing: a file with any bad row
/// changes nothing. Entries keep their identity by Identnummer (updated in place), entries missing from the
/// file are removed. Rows are written as batched multi-row inserts, in one transaction.
/// </summary>
public sealed class RegisterImport(ApplicationDbContext db, TimeProvider clock)
{
    private const int MaxParameters = 2000;

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

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Delete and re-insert with the same ids: one statement and plain inserts instead of 100,000 updates.
        await db.MemberRegister.Where(e => e.ChamberId == chamberId).ExecuteDeleteAsync(cancellationToken);
        var entries = new List<MemberRegisterEntry>(rows.Count);
        var updated = 0;
        foreach (var row in rows)
        {
            var id = Guid.NewGuid();
            if (existing.Remove(row.Identnummer, out var kept))
            {
                id = kept;
                updated++;
            }

            entries.Add(Entry(chamberId, id, row, now));
        }

        await InsertAsync(entries, transaction.GetDbTransaction(), cancellationToken);
        var result = new RegisterImportResult([], rows.Count - updated, updated, existing.Count);
        db.Audit(AuditAction.RegisterImported, now, actor, chamberId: chamberId,
            details: $"total={result.Total}; added={result.Added}; updated={result.Updated}; removed={result.Removed}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Prepared INSERT statements with parameters, built from the EF model (table, columns, type mappings) so
    /// that every provider stores the values exactly as EF would. One command is prepared once and reused with
    /// new values; on a server it carries many rows per round trip (about 2,000 parameters: SQL Server allows
    /// 2,100), on SQLite one row (no round trips there, and small statements prepare fastest).
    /// </summary>
    private async Task InsertAsync(List<MemberRegisterEntry> entries, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var mapping = db.Model.FindEntityType(typeof(MemberRegisterEntry))!.GetTableMappings().Single();
        var columns = mapping.ColumnMappings.ToList();
        var rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, MaxParameters / columns.Count);
        DbCommand? full = null;
        try
        {
            foreach (var chunk in entries.Chunk(rowsPerStatement))
            {
                if (chunk.Length == rowsPerStatement)
                {
                    full ??= await PrepareAsync(mapping, columns, chunk, transaction, cancellationToken);
                    SetValues(full, columns, chunk);
                    await full.ExecuteNonQueryAsync(cancellationToken);
                }
                else
                {
                    await using var rest = await PrepareAsync(mapping, columns, chunk, transaction, cancellationToken);
                    await rest.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private async Task<DbCommand> PrepareAsync(
        ITableMapping mapping, List<IColumnMapping> columns, MemberRegisterEntry[] rows, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(mapping.Table.Name, mapping.Table.Schema))
            .Append(" (").AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Column.Name))).Append(") VALUES ");
        for (var row = 0; row < rows.Length; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                var name = sql.GenerateParameterName(string.Create(CultureInfo.InvariantCulture, $"p{row}_{column}"));
                var property = columns[column].Property;
                command.Parameters.Add(columns[column].TypeMapping.CreateParameter(command, name, property.GetGetter().GetClrValue(rows[row]), property.IsNullable));
                text.Append(column == 0 ? string.Empty : ", ").Append(name);
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        await command.PrepareAsync(cancellationToken);
        return command;
    }

    private static void SetValues(DbCommand command, List<IColumnMapping> columns, MemberRegisterEntry[] rows)
    {
        var index = 0;
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                var value = column.Property.GetGetter().GetClrValue(row);
                var converter = column.TypeMapping.Converter;
                command.Parameters[index++].Value = value is null ? DBNull.Value : converter is null ? value : converter.ConvertToProvider(value) ?? DBNull.Value;
            }
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
