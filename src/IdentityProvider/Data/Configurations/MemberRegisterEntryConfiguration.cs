using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class MemberRegisterEntryConfiguration : IEntityTypeConfiguration<MemberRegisterEntry>
{
    public void Configure(EntityTypeBuilder<MemberRegisterEntry> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Identnummer).HasMaxLength(20);
        builder.Property(e => e.Firmierung).HasMaxLength(200);
        builder.Property(e => e.Rechtsform).HasMaxLength(50);
        builder.Property(e => e.Strasse).HasMaxLength(100);
        builder.Property(e => e.Hausnummer).HasMaxLength(20);
        builder.Property(e => e.Plz).HasMaxLength(5);
        builder.Property(e => e.Ort).HasMaxLength(100);
        builder.Property(e => e.HrNummer).HasMaxLength(50);
        builder.Property(e => e.Registergericht).HasMaxLength(100);
        builder.Property(e => e.Registerart).HasMaxLength(20);
        builder.Property(e => e.GeschaeftsfuehrungName).HasMaxLength(200);
        builder.Property(e => e.GeschaeftsfuehrungStrasse).HasMaxLength(100);
        builder.Property(e => e.GeschaeftsfuehrungHausnummer).HasMaxLength(20);
        builder.Property(e => e.GeschaeftsfuehrungPlz).HasMaxLength(5);
        builder.Property(e => e.GeschaeftsfuehrungOrt).HasMaxLength(100);

        // The review looks entries up by Identnummer, HR-Nummer, or Firmierung within a PLZ.
        builder.HasIndex(e => new { e.ChamberId, e.Identnummer }).IsUnique();
        builder.HasIndex(e => new { e.ChamberId, e.HrNummer });
        builder.HasIndex(e => new { e.ChamberId, e.Plz });
        builder.HasOne(e => e.Chamber).WithMany().HasForeignKey(e => e.ChamberId).OnDelete(DeleteBehavior.Cascade);
    }
}
