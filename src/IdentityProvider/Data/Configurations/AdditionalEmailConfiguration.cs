using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class AdditionalEmailConfiguration : IEntityTypeConfiguration<AdditionalEmail>
{
    public void Configure(EntityTypeBuilder<AdditionalEmail> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Address).HasMaxLength(256);
        builder.Property(e => e.NormalizedAddress).HasMaxLength(256);
        builder.HasIndex(e => new { e.UserId, e.NormalizedAddress }).IsUnique();
        builder.HasIndex(e => e.NormalizedAddress);
        builder.HasOne(e => e.User).WithMany(u => u.AdditionalEmails).HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
