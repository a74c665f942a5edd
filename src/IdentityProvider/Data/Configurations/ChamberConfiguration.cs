using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ChamberConfiguration : IEntityTypeConfiguration<Chamber>
{
    public void Configure(EntityTypeBuilder<Chamber> builder)
    {
        builder.Property(c => c.Kammernummer).HasMaxLength(10);
        builder.HasIndex(c => c.Kammernummer).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Street).HasMaxLength(200);
        builder.Property(c => c.PostalCode).HasMaxLength(10);
        builder.Property(c => c.City).HasMaxLength(100);
    }
}
