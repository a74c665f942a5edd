using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class MembershipRequestConfiguration : IEntityTypeConfiguration<MembershipRequest>
{
    public void Configure(EntityTypeBuilder<MembershipRequest> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(MembershipRequest.ReasonMaxLength);
        builder.Property(r => r.InvitedAddressNotConfirmed).HasMaxLength(256);
        builder.Property(r => r.RejectionReason).HasMaxLength(MembershipRequest.RejectionReasonMaxLength);
        builder.Property(r => r.AssignedToUserId).HasMaxLength(450);
        builder.Property(r => r.DecidedByUserId).HasMaxLength(450);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(r => new { r.OrganisationId, r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.UserId, r.Status });
        builder.HasOne(r => r.Organisation).WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipRequestRoleConfiguration : IEntityTypeConfiguration<MembershipRequestRole>
{
    public void Configure(EntityTypeBuilder<MembershipRequestRole> builder)
    {
        builder.HasKey(r => new { r.MembershipRequestId, r.FachanwendungRoleId });
        builder.HasOne(r => r.Request).WithMany(q => q.Roles).HasForeignKey(r => r.MembershipRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Role).WithMany().HasForeignKey(r => r.FachanwendungRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
