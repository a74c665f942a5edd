using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class SharedCounterConfiguration : IEntityTypeConfiguration<SharedCounter>
{
    public void Configure(EntityTypeBuilder<SharedCounter> builder)
    {
        builder.ToTable("SharedCounters");

        // The key is the upsert's conflict target: two nodes counting the same window at once add up, never overwrite.
        builder.HasKey(c => new { c.Key, c.Window });
        builder.Property(c => c.Key).HasMaxLength(200);
        builder.HasIndex(c => c.ExpiresAt);
    }
}
