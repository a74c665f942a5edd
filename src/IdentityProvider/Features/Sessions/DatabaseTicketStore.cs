using System.Security.Claims;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Server-side sessions for the provider's Identity cookie (ASVS 5.0 V7): the cookie holds a random handle, the ticket
/// lies in <see cref="AuthenticationSession"/>, protected with Data Protection. A session is valid only while its row
/// is open, younger than <see cref="ProviderSessionOptions.AbsoluteLifetime"/> and used within <see cref="ProviderSessionOptions.IdleTimeout"/>,
/// checked on every request against the database, so ending a session (logout, a security-stamp change, "Abmelden" on
/// another device) takes effect on every node and for every copy of the cookie at once. One indexed read per request;
/// "last active" is written at most once a minute.
/// </summary>
public sealed class DatabaseTicketStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    TimeProvider clock,
    IOptionsMonitor<ProviderSessionOptions> options,
    IOptions<IdentityOptions> identity,
    ISecurityEventTrail trail) : ITicketStore
{
    /// <summary>The HttpContext item that holds the handle of the session the current request is in.</summary>
    public const string CurrentHandleItem = "MeineIhk.SessionHandle";

    private readonly IDataProtector protector = protection.CreateProtector("MeineIhk.AuthenticationSessions.v1");

    public static string? CurrentHandle(HttpContext? context) => context?.Items[CurrentHandleItem] as string;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var handle = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var userId = UserIdOf(ticket);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.AuthenticationSessions.Add(new AuthenticationSession
        {
            Id = handle,
            SessionId = SessionIdOf(ticket),
            UserId = userId,
            Ticket = Protect(ticket),
            CreatedAt = now,
            LastActiveAt = now,
            ExpiresAt = now + options.CurrentValue.AbsoluteLifetime,
            UserAgent = UserAgentOf(httpContext),
            ClientAddress = ClientAddress.Of(httpContext),
        });
        if (httpContext is not null)
        {
            await scope.ServiceProvider.GetRequiredService<NewDeviceNotice>().SignedInAsync(httpContext, userId, cancellationToken);
            httpContext.Items[CurrentHandleItem] = handle;
        }

        await db.SaveChangesAsync(cancellationToken);
        return handle;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var row = await db.AuthenticationSessions.SingleOrDefaultAsync(s => s.Id == key && s.EndedAt == null, cancellationToken);
        if (row is null)
        {
            return; // ended meanwhile: the cookie leads nowhere, the next request asks for a login
        }

        var sessionId = SessionIdOf(ticket);
        if (sessionId != row.SessionId)
        {
            // A new login in a browser that still had a session: the old session ends and the handle carries the new one.
            await scope.ServiceProvider.GetRequiredService<BackChannelLogout>().SessionIdsEndedAsync([row.SessionId], cancellationToken);
            Record(row, "new-login");
            row.SessionId = sessionId;
            row.UserId = UserIdOf(ticket);
            row.CreatedAt = now;
            row.ExpiresAt = now + options.CurrentValue.AbsoluteLifetime;
            row.UserAgent = UserAgentOf(httpContext);
            row.ClientAddress = ClientAddress.Of(httpContext);
            if (httpContext is not null)
            {
                await scope.ServiceProvider.GetRequiredService<NewDeviceNotice>().SignedInAsync(httpContext, row.UserId, cancellationToken);
            }
        }

        row.Ticket = Protect(ticket);
        row.LastActiveAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var row = await db.AuthenticationSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == key, cancellationToken);
        if (row is null || row.EndedAt is not null)
        {
            return null;
        }

        var lifetimes = options.CurrentValue;
        if (now >= row.ExpiresAt || now - row.LastActiveAt >= lifetimes.IdleTimeout)
        {
            await EndExpiredAsync(scope.ServiceProvider, row, now >= row.ExpiresAt ? "absolute" : "idle", now, cancellationToken);
            return null;
        }

        var ticket = Unprotect(row.Ticket);
        if (ticket is null)
        {
            return null;
        }

        if (now - row.LastActiveAt >= ProviderSessionOptions.ActivityWriteInterval)
        {
            await db.AuthenticationSessions.Where(s => s.Id == key && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActiveAt, now), cancellationToken);
        }

        if (httpContext is not null)
        {
            httpContext.Items[CurrentHandleItem] = key;
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    /// <summary>Sign-out: the row ends (the caller tells the applications: logout, lock, deletion already do).</summary>
    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.AuthenticationSessions.Where(s => s.Id == key && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, "signed-out"), cancellationToken);
    }

    /// <summary>Idle or past its absolute end: whoever claims the row first tells the applications used in it.</summary>
    private async Task EndExpiredAsync(IServiceProvider services, AuthenticationSession row, string reason, DateTime now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        var claimed = await db.AuthenticationSessions.Where(s => s.Id == row.Id && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, reason), cancellationToken);
        if (claimed == 1)
        {
            await services.GetRequiredService<BackChannelLogout>().SessionIdsEndedAsync([row.SessionId], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Record(row, reason);
        }
    }

    private void Record(AuthenticationSession row, string reason) =>
        trail.Record(new SecurityEvent(SecurityEventKind.SessionEnded, UserId: row.UserId, Detail: reason, RemoteAddress: row.ClientAddress, SessionId: row.SessionId));

    private byte[] Protect(AuthenticationTicket ticket) => protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] data)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(data));
        }
        catch (CryptographicException)
        {
            return null; // a key ring that no longer has the key: the session is gone, the person logs in again
        }
    }

    private string UserIdOf(AuthenticationTicket ticket) =>
        ticket.Principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType)
        ?? throw new InvalidOperationException("A provider session without a user id.");

    private static string SessionIdOf(AuthenticationTicket ticket) =>
        ProviderSession.IdOf(ticket.Properties) ?? throw new InvalidOperationException("A provider session without a session id.");

    private static string? UserAgentOf(HttpContext? context) =>
        context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 512)] : null;

}
