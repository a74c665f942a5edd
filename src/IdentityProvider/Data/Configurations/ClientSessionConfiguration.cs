using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class ClientSessionConfiguration : IEntityTypeConfiguration<ClientSession>
{
    public void Configure(EntityTypeBuilder<ClientSession> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SessionId).HasMaxLength(100);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.ClientId).HasMaxLength(100);
        builder.HasIndex(s => new { s.SessionId, s.ClientId }).IsUnique();
        builder.HasIndex(s => new { s.UserId, s.ClientId });
    }
}
