using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class SecurityEventEntryConfiguration : IEntityTypeConfiguration<SecurityEventEntry>
{
    public void Configure(EntityTypeBuilder<SecurityEventEntry> builder)
    {
        builder.ToTable("SecurityEvents");
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.ClientId).HasMaxLength(100);
        builder.Property(e => e.Detail).HasMaxLength(256);
        builder.Property(e => e.RemoteAddress).HasMaxLength(64);
        builder.Property(e => e.SessionId).HasMaxLength(100);

        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.UserId, e.OccurredAt });
    }
}
