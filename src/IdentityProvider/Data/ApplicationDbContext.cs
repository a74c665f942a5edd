using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Data;

/// <summary>
/// The one context of the provider. Each storage provider derives from it (see <see cref="ProviderContexts"/>)
/// only so that its migrations live apart from the others'.
/// </summary>
public class ApplicationDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Chamber> Chambers => Set<Chamber>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<MemberRole> MemberRoles => Set<MemberRole>();

    public DbSet<Fachanwendung> Fachanwendungen => Set<Fachanwendung>();

    public DbSet<FachanwendungRole> FachanwendungRoles => Set<FachanwendungRole>();

    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();

    public DbSet<AdditionalEmail> AdditionalEmails => Set<AdditionalEmail>();

    public DbSet<ActivationLetter> ActivationLetters => Set<ActivationLetter>();

    public DbSet<ActivationAttempts> ActivationAttempts => Set<ActivationAttempts>();

    public DbSet<MemberRegisterEntry> MemberRegister => Set<MemberRegisterEntry>();

    public DbSet<ChamberStaffMember> ChamberStaff => Set<ChamberStaffMember>();

    public DbSet<OrganisationDataChange> OrganisationDataChanges => Set<OrganisationDataChange>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<MembershipRequest> MembershipRequests => Set<MembershipRequest>();

    public DbSet<MembershipRequestRole> MembershipRequestRoles => Set<MembershipRequestRole>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<InvitationRole> InvitationRoles => Set<InvitationRole>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ApplicationSecret> ApplicationSecrets => Set<ApplicationSecret>();

    public DbSet<ClientSession> ClientSessions => Set<ClientSession>();

    public DbSet<BackChannelLogoutDelivery> BackChannelLogoutDeliveries => Set<BackChannelLogoutDelivery>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UsedClientAssertion> UsedClientAssertions => Set<UsedClientAssertion>();

    public DbSet<SecurityEventEntry> SecurityEvents => Set<SecurityEventEntry>();
    public DbSet<AuthenticationSession> AuthenticationSessions => Set<AuthenticationSession>();

    public DbSet<KnownDevice> KnownDevices => Set<KnownDevice>();
    public DbSet<SharedCounter> SharedCounters => Set<SharedCounter>();

    public DbSet<NodeCacheVersion> NodeCacheVersions => Set<NodeCacheVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
    }
}
