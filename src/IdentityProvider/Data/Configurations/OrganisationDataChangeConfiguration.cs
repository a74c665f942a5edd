using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class OrganisationDataChangeConfiguration : IEntityTypeConfiguration<OrganisationDataChange>
{
    public void Configure(EntityTypeBuilder<OrganisationDataChange> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Firmierung).HasMaxLength(200);
        builder.Property(c => c.Rechtsform).HasMaxLength(50);
        builder.Property(c => c.Strasse).HasMaxLength(100);
        builder.Property(c => c.Hausnummer).HasMaxLength(20);
        builder.Property(c => c.Plz).HasMaxLength(5);
        builder.Property(c => c.Ort).HasMaxLength(100);
        builder.Property(c => c.HrNummer).HasMaxLength(50);
        builder.Property(c => c.Registergericht).HasMaxLength(100);
        builder.Property(c => c.Registerart).HasMaxLength(20);
        builder.Property(c => c.RequestedByUserId).HasMaxLength(450);
        builder.Property(c => c.DecidedByUserId).HasMaxLength(450);
        builder.Property(c => c.RejectionReason).HasMaxLength(500);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => new { c.OrganisationId, c.Status });
        builder.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
