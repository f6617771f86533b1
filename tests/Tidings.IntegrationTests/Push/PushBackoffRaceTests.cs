using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// The order of a failed push's bookkeeping: the backoff must be in place before the nack makes the message
/// available again, or the dispatch loop can lease and push it at once. A clock that stalls when
/// <c>PushDispatcher.BackOff</c> (called by <c>Fail</c> before the nack) reads it makes the gap between the two steps wide enough to see every time.
/// Regression: <c>Fail</c> used to nack first; the retry then came ~8 ms after the 500 here, and without any stall
/// on the first failure in a fresh process (JIT widened the gap), which made the backoff tests flaky.
/// </summary>
public sealed class PushBackoffRaceTests(StallingClockServerFixture server) : IClassFixture<StallingClockServerFixture>
{
    [Fact]
    public async Task FailedPush_IsNotRetriedBeforeTheBackoff_EvenWhenTheClockIsSlow()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = new PushApi(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        // Successes first, so the window is wide enough to lease again while the failed push is still in flight.
        await api.PublishManyAsync(topic, 10, "warm");
        await receiver.WaitUntilAsync(requests => requests.Count(r => r.AnsweredStatus == 200) == 10, "10 successes");
        await PushProbe.WaitIdleAsync(server.Services, subscription);

        // The stall blocks a pool thread; with as few pool threads as cores the loop's wake-up could wait behind it.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), ports);
        receiver.Enqueue(PushReply.Status(500));
        server.Clock.StallCallsFrom("PushDispatcher", "BackOff", TimeSpan.FromMilliseconds(100));
        DateTimeOffset? until;
        try
        {
            await api.PublishAsync(topic, PushApi.Message("fails once"));
            await receiver.WaitForRequestAsync(11);
            // Once the loop waits out the backoff with nothing in flight, no push can start before the clock moves;
            // a retry that slipped in first has reached the receiver by then.
            until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > 11);
        }
        finally
        {
            server.Clock.StopStalling();
        }

        Assert.True(server.Clock.StalledReads > 0, "PushDispatcher.BackOff never read the clock: the stall did not happen");
        Assert.True(receiver.Count == 11, $"the failed push was retried {receiver.Count - 11} time(s) before its 100 ms backoff (the fake clock never moved)");
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromMilliseconds(100), until);
    }
}
