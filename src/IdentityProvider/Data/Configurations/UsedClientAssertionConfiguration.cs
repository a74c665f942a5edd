using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class UsedClientAssertionConfiguration : IEntityTypeConfiguration<UsedClientAssertion>
{
    public void Configure(EntityTypeBuilder<UsedClientAssertion> builder)
    {
        // The key itself refuses the second use: two nodes inserting the same jti at once cannot both succeed.
        builder.HasKey(a => new { a.ClientId, a.JwtId });
        builder.Property(a => a.ClientId).HasMaxLength(100);
        builder.Property(a => a.JwtId).HasMaxLength(200);
        builder.HasIndex(a => a.ExpiresAt);
    }
}
