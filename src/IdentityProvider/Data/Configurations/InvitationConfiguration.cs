using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.NormalizedEmail).HasMaxLength(256);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.CreatedByUserId).HasMaxLength(450);
        builder.Property(i => i.AcceptedByUserId).HasMaxLength(450);
        builder.Property(i => i.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.OrganisationId, i.CreatedAt });
        builder.HasIndex(i => i.NormalizedEmail);
        builder.HasOne(i => i.Organisation).WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationRoleConfiguration : IEntityTypeConfiguration<InvitationRole>
{
    public void Configure(EntityTypeBuilder<InvitationRole> builder)
    {
        builder.HasKey(r => new { r.InvitationId, r.FachanwendungRoleId });
        builder.HasOne(r => r.Invitation).WithMany(i => i.Roles).HasForeignKey(r => r.InvitationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Role).WithMany().HasForeignKey(r => r.FachanwendungRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
