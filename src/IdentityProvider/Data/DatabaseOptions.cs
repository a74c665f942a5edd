using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Data;

/// <summary>The section <c>Database</c>; the connection string stays in <c>ConnectionStrings:Default</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Display(Name = "Database:Provider")]
    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The operator's statement that only one node uses this database; required for SQLite outside Development.</summary>
    [Display(Name = "Database:SingleNode")]
    public bool SingleNode { get; set; }
}
