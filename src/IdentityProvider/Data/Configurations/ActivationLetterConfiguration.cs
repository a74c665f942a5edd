using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ActivationLetterConfiguration : IEntityTypeConfiguration<ActivationLetter>
{
    public void Configure(EntityTypeBuilder<ActivationLetter> builder)
    {
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Reason).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.PasswordHash).HasMaxLength(200);
        builder.Property(l => l.ProtectedPassword).HasMaxLength(1000);
        builder.Property(l => l.CreatedByUserId).HasMaxLength(450);
        builder.Property(l => l.SentByUserId).HasMaxLength(450);
        builder.Property(l => l.UsedByUserId).HasMaxLength(450);
        builder.Property(l => l.RecipientName).HasMaxLength(200);
        builder.Property(l => l.RecipientFirmierung).HasMaxLength(200);
        builder.Property(l => l.RecipientStrasse).HasMaxLength(100);
        builder.Property(l => l.RecipientHausnummer).HasMaxLength(20);
        builder.Property(l => l.RecipientPlz).HasMaxLength(5);
        builder.Property(l => l.RecipientOrt).HasMaxLength(100);
        builder.Property(l => l.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(l => l.OrganisationId);
        builder.HasIndex(l => l.SentAt);
        builder.HasOne(l => l.Organisation).WithMany().HasForeignKey(l => l.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
