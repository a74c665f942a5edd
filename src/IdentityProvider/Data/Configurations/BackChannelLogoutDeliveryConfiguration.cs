using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class BackChannelLogoutDeliveryConfiguration : IEntityTypeConfiguration<BackChannelLogoutDelivery>
{
    public void Configure(EntityTypeBuilder<BackChannelLogoutDelivery> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.ClientId).HasMaxLength(100);
        builder.Property(d => d.LogoutUri).HasMaxLength(2000);
        builder.Property(d => d.Subject).HasMaxLength(450);
        builder.Property(d => d.SessionId).HasMaxLength(100);
        builder.Property(d => d.Reason).HasConversion<string>().HasMaxLength(40);
        builder.Property(d => d.LastError).HasMaxLength(200);
        builder.HasIndex(d => new { d.DeliveredAt, d.AbandonedAt, d.NextAttemptAt });
    }
}
