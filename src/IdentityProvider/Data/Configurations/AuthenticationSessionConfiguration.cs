using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class AuthenticationSessionConfiguration : IEntityTypeConfiguration<AuthenticationSession>
{
    public void Configure(EntityTypeBuilder<AuthenticationSession> builder)
    {
        builder.ToTable("AuthenticationSessions");
        builder.Property(s => s.Id).HasMaxLength(64).ValueGeneratedNever();
        builder.Property(s => s.SessionId).HasMaxLength(100);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.UserAgent).HasMaxLength(512);
        builder.Property(s => s.ClientAddress).HasMaxLength(64);
        builder.Property(s => s.EndReason).HasMaxLength(32);
        builder.HasIndex(s => s.SessionId);
        builder.HasIndex(s => new { s.UserId, s.EndedAt });

        // A deleted account takes its sessions with it.
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
