using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class MemberRoleConfiguration : IEntityTypeConfiguration<MemberRole>
{
    public void Configure(EntityTypeBuilder<MemberRole> builder)
    {
        builder.HasKey(r => new { r.MembershipId, r.FachanwendungRoleId });
        builder.HasIndex(r => r.FachanwendungRoleId);
        builder.Property(r => r.GrantedByUserId).HasMaxLength(450);
        builder.HasOne(r => r.Membership).WithMany(m => m.Roles).HasForeignKey(r => r.MembershipId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Role).WithMany().HasForeignKey(r => r.FachanwendungRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
