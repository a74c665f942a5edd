using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ChamberStaffMemberConfiguration : IEntityTypeConfiguration<ChamberStaffMember>
{
    public void Configure(EntityTypeBuilder<ChamberStaffMember> builder)
    {
        // Bound to one chamber: the user is the key.
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.GrantedByUserId).HasMaxLength(450);
        builder.HasIndex(s => s.ChamberId);
        builder.HasOne(s => s.User).WithOne().HasForeignKey<ChamberStaffMember>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Chamber).WithMany().HasForeignKey(s => s.ChamberId).OnDelete(DeleteBehavior.Cascade);
    }
}
