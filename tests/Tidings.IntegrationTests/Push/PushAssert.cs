using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

internal static class PushAssert
{
    /// <summary>
    /// Proves every message of a push subscription was acked, without waiting for anything that should not happen:
    /// the subscription becomes a pull one, the clock passes every lease, and a pull finds nothing (an unacked
    /// message would be there).
    /// </summary>
    public static async Task AckedAsync(TidingsServerFixture server, PushApi api, string subscription)
    {
        await PushProbe.WaitIdleAsync(server.Services, subscription);
        await api.SwitchToPullAsync(subscription);
        await PushProbe.WaitStoppedAsync(server.Services, subscription);
        server.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await api.PullAsync(subscription));
    }
}
