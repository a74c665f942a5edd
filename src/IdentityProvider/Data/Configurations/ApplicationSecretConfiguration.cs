using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ApplicationSecretConfiguration : IEntityTypeConfiguration<ApplicationSecret>
{
    public void Configure(EntityTypeBuilder<ApplicationSecret> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Hash).HasMaxLength(100);
        builder.Property(s => s.Hint).HasMaxLength(20);
        builder.Property(s => s.CreatedBy).HasMaxLength(450);
        builder.HasOne(s => s.Fachanwendung).WithMany(f => f.Secrets).HasForeignKey(s => s.FachanwendungId).OnDelete(DeleteBehavior.Cascade);
    }
}
