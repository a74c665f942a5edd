using MeineIhk.Tests.Data;
namespace MeineIhk.Tests.Infrastructure;

/// <summary>A fact that needs SQL Server from Testcontainers; skipped, with the reason, where no Docker engine answers.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (!DockerAvailable.Answers)
        {
            Skip = DockerAvailable.SkipReason;
        }
    }
}

/// <summary>A theory that needs SQL Server from Testcontainers; skipped, with the reason, where no Docker engine answers.</summary>
public sealed class SqlServerTheoryAttribute : TheoryAttribute
{
    public SqlServerTheoryAttribute()
    {
        if (!DockerAvailable.Answers)
        {
            Skip = DockerAvailable.SkipReason;
        }
    }
}
