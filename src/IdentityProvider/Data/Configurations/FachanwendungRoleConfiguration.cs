using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class FachanwendungRoleConfiguration : IEntityTypeConfiguration<FachanwendungRole>
{
    public void Configure(EntityTypeBuilder<FachanwendungRole> builder)
    {
        // Keys are assigned in code, so entities reached through navigations are inserted, not attached.
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.DisplayNameDe).HasMaxLength(200);
        builder.Property(r => r.DisplayNameEn).HasMaxLength(200);
        builder.Property(r => r.Description).HasMaxLength(1000);
        builder.HasIndex(r => new { r.FachanwendungId, r.Key }).IsUnique();
        builder.HasOne(r => r.Fachanwendung).WithMany(f => f.Roles).HasForeignKey(r => r.FachanwendungId).OnDelete(DeleteBehavior.Cascade);
    }
}
