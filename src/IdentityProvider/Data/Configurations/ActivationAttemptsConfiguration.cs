using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ActivationAttemptsConfiguration : IEntityTypeConfiguration<ActivationAttempts>
{
    public void Configure(EntityTypeBuilder<ActivationAttempts> builder)
    {
        builder.HasKey(a => a.Key);
        builder.Property(a => a.Key).HasMaxLength(100);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
    }
}
