using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class FachanwendungConfiguration : IEntityTypeConfiguration<Fachanwendung>
{
    public void Configure(EntityTypeBuilder<Fachanwendung> builder)
    {
        // Keys are assigned in code, so entities reached through navigations are inserted, not attached.
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.ClientId).HasMaxLength(100);
        builder.HasIndex(f => f.ClientId).IsUnique();
        builder.Property(f => f.DisplayNameDe).HasMaxLength(200);
        builder.Property(f => f.DisplayNameEn).HasMaxLength(200);
        builder.Property(f => f.OwnerUserId).HasMaxLength(450);
        builder.HasIndex(f => f.OwnerUserId);
        builder.Property(f => f.ApprovedBy).HasMaxLength(450);
        builder.Property(f => f.BackChannelLogoutUri).HasMaxLength(2000);
        builder.Property(f => f.ConcurrencyStamp).IsConcurrencyToken();
        builder.Property(f => f.PendingChangeJson).HasColumnName("PendingChange");
        builder.Property(f => f.PendingChangeRequestedBy).HasMaxLength(450);
        builder.Ignore(f => f.PendingChange);
        builder.Ignore(f => f.IsApproved);
        builder.Ignore(f => f.IsUsable);
    }
}
