using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        // Keys are assigned in code, so entities reached through navigations are inserted, not attached.
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Firmierung).HasMaxLength(200);
        builder.Property(o => o.Rechtsform).HasMaxLength(50);
        builder.Property(o => o.Strasse).HasMaxLength(100);
        builder.Property(o => o.Hausnummer).HasMaxLength(20);
        builder.Property(o => o.Plz).HasMaxLength(5);
        builder.Property(o => o.Ort).HasMaxLength(100);
        builder.Property(o => o.Identnummer).HasMaxLength(20);
        builder.Property(o => o.HrNummer).HasMaxLength(50);
        builder.Property(o => o.Registergericht).HasMaxLength(100);
        builder.Property(o => o.Registerart).HasMaxLength(20);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.ConcurrencyStamp).IsConcurrencyToken();
        builder.Property(o => o.RequestedByUserId).HasMaxLength(450);
        builder.Property(o => o.Begruendung).HasMaxLength(300);
        builder.Property(o => o.Telefon).HasMaxLength(50);
        builder.Property(o => o.KontaktEmail).HasMaxLength(256);
        builder.Property(o => o.Webseite).HasMaxLength(200);
        builder.Property(o => o.DecidedByUserId).HasMaxLength(450);
        builder.Property(o => o.RejectionReason).HasMaxLength(500);
        builder.HasIndex(o => o.RequestedByUserId);

        // An Identnummer is unique within its chamber, not across chambers, and only among live organisations:
        // a rejected request or a deleted organisation must not block registering the company again.
        // (Double quotes are standard SQL; SQL Server accepts them, filtered indexes need QUOTED_IDENTIFIER ON anyway.)
        builder.HasIndex(o => new { o.ChamberId, o.Identnummer }).IsUnique()
            .HasFilter("\"Identnummer\" IS NOT NULL AND \"Status\" IN ('Approved', 'Active')");
        builder.HasIndex(o => o.Status);
        builder.HasOne(o => o.Chamber).WithMany().HasForeignKey(o => o.ChamberId).OnDelete(DeleteBehavior.Restrict);
    }
}
