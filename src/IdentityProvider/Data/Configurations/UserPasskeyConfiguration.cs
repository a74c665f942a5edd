using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

/// <summary>
/// Identity's passkeys (its schema version 3 table), mapped here rather than by switching the whole Identity schema
/// version: Identity reads that version from the application's options, which design-time migrations do not have,
/// and the other tables stay exactly as they are.
/// </summary>
public sealed class UserPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<string>> builder)
    {
        builder.ToTable("AspNetUserPasskeys");
        builder.HasKey(p => p.CredentialId);
        builder.Property(p => p.CredentialId).HasMaxLength(1024);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        builder.OwnsOne(p => p.Data).ToJson();
    }
}
