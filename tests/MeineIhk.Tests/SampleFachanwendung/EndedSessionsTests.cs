using MeineIhk.SampleFachanwendung.Authentication;
using MeineIhk.Tests.Infrastructure;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MeineIhk.Tests.SampleFachanwendung;

/// <summary>
/// The sample's ended sessions live in IDistributedCache: two instances of a relying party over one shared cache see
/// a back-channel notice that reached only one of them (OpenID Connect Back-Channel Logout 1.0 §2.7).
/// </summary>
public sealed class EndedSessionsTests
{
    private readonly IDistributedCache _shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
    private readonly AdjustableClock _clock = new();

    [Fact]
    public async Task A_session_ended_at_one_instance_is_ended_at_the_other_instance_sharing_the_cache()
    {
        var first = new EndedSessions(_shared, _clock);
        var second = new EndedSessions(_shared, _clock);

        await first.EndAsync("user-1", "sid-1");

        Assert.True(await second.HasEndedAsync("user-1", "sid-1", _clock.GetUtcNow()));
        Assert.False(await second.HasEndedAsync("user-1", "sid-2", _clock.GetUtcNow()));
    }

    [Fact]
    public async Task Ending_every_session_of_a_person_ends_those_issued_before_the_notice_only()
    {
        var first = new EndedSessions(_shared, _clock);
        var second = new EndedSessions(_shared, _clock);
        var before = _clock.GetUtcNow().AddMinutes(-5);

        await first.EndAsync("user-2", sessionId: null);

        Assert.True(await second.HasEndedAsync("user-2", "any", before));
        Assert.False(await second.HasEndedAsync("user-2", "any", _clock.GetUtcNow().AddMinutes(1)));
    }
}
