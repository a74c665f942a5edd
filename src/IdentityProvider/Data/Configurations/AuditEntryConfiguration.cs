using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeineIhk.IdentityProvider.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Action).HasMaxLength(50);
        builder.Property(a => a.ActorUserId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(256);
        builder.Property(a => a.SubjectUserId).HasMaxLength(450);
        builder.Property(a => a.SubjectName).HasMaxLength(256);
        builder.Property(a => a.Details).HasMaxLength(1000);

        // No foreign keys: the log outlives the users and organisations it names.
        builder.HasIndex(a => new { a.OrganisationId, a.OccurredAt });
        builder.HasIndex(a => new { a.ChamberId, a.OccurredAt });
    }
}
