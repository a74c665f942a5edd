using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ServerKeyConfiguration : IEntityTypeConfiguration<ServerKey>
{
    public void Configure(EntityTypeBuilder<ServerKey> builder)
    {
        // Keys are assigned in code, so entities reached through navigations are inserted, not attached.
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.Algorithm).HasMaxLength(20);
        builder.Property(k => k.ProtectedKey).HasMaxLength(8000);
        builder.HasIndex(k => k.Purpose);
        builder.Ignore(k => k.SignsFrom);

        // The claim of the next key: two nodes that both find a rotation due insert successors of the same key;
        // the database keeps one (SQL Server filters the NULLs of keys from before rotation).
        builder.HasIndex(k => k.Succeeds).IsUnique();
    }
}
