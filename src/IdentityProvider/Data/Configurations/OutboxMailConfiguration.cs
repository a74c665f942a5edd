using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Purpose).HasMaxLength(50);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.NormalizedRecipient).HasMaxLength(320);
        builder.HasIndex(m => new { m.NormalizedRecipient, m.SentAt });
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.ClaimToken).IsConcurrencyToken();
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}
