using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class NodeCacheVersionConfiguration : IEntityTypeConfiguration<NodeCacheVersion>
{
    public void Configure(EntityTypeBuilder<NodeCacheVersion> builder)
    {
        builder.ToTable("NodeCacheVersions");
        builder.HasKey(v => v.Topic);
        builder.Property(v => v.Topic).HasMaxLength(100);
    }
}
