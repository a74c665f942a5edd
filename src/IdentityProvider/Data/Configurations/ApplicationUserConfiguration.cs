using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.GivenName).HasMaxLength(100);
        builder.Property(u => u.FamilyName).HasMaxLength(100);
        builder.Property(u => u.AcademicTitle).HasMaxLength(50);
        builder.Property(u => u.Anrede).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.PrivacyNoticeVersion).HasMaxLength(20);
    }
}
