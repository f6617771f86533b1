using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// Races around a failed push's backoff, each made to happen every time by a clock that stalls when one method reads
/// it. First, the order of the bookkeeping: the backoff must be in place before the nack makes the message
/// available again, or the dispatch loop can lease and push it at once; a stall when <c>PushDispatcher.BackOff</c>
/// (called by <c>Fail</c> before the nack) reads the clock widens the gap between the two steps.
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

    /// <summary>
    /// Second, a push that fails while the loop is between its look at the backoff and its lease: the nack makes the
    /// message available to that lease at once, so the dispatcher must look at the backoff again once it holds the
    /// batch. A stall when <c>WaitForCapacityAsync</c> reads the clock holds the loop there while the push fails.
    /// Regression: the retry went out at once, the fake clock never having moved.
    /// </summary>
    [Fact]
    public async Task FailedPush_IsNotRetriedBeforeTheBackoff_WhenItFailsWhileTheLoopLeases()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(503));
        var api = new PushApi(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        server.Clock.StallCallsFrom("PushDispatcher", "WaitForCapacityAsync", TimeSpan.FromMilliseconds(200));
        DateTimeOffset? until;
        try
        {
            await api.PublishAsync(topic, PushApi.Message("fails once"));
            await receiver.WaitForRequestAsync(1);
            until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > 1);
        }
        finally
        {
            server.Clock.StopStalling();
        }

        Assert.True(server.Clock.StalledReads > 0, "PushDispatcher.WaitForCapacityAsync never read the clock: the stall did not happen");
        Assert.True(receiver.Count == 1, $"the failed push was retried {receiver.Count - 1} time(s) before its 100 ms backoff (the fake clock never moved)");
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromMilliseconds(100), until);
        server.Time.Advance(TimeSpan.FromMilliseconds(100));
        await receiver.WaitForRequestAsync(2);
        await PushAssert.AckedAsync(server, api, subscription);
    }

    /// <summary>
    /// Third, when a test may move the clock through the backoff: only once the loop waits it out. The nack wakes the
    /// loop, which reads the clock, then sets a timer for what is left of the backoff, counted from the clock's time
    /// when the timer is set; a move in between is missed and the retry never comes. A stall after
    /// <c>WaitForCapacityAsync</c> has read the clock holds the loop in that gap, which
    /// <see cref="PushProbe.WaitBackingOffAsync"/> must wait out. Regression: the retry tests moved the clock once the
    /// dispatcher was idle (the failure applied), which can be inside the gap; under load a retry then timed out.
    /// </summary>
    [Fact]
    public async Task FailedPush_IsRetried_WhenTheClockMovesOnceTheLoopWaitsOutTheBackoff()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Hang);
        var api = new PushApi(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var ids = await api.PublishAsync(topic, PushApi.Message("fails once"));
        await receiver.WaitForRequestAsync(1);
        // The push fails only now, while the loop waits for work: the nack is what wakes it.
        server.Clock.StallCallsFrom("PushDispatcher", "WaitForCapacityAsync", TimeSpan.FromMilliseconds(200), afterReading: true);
        DateTimeOffset? until;
        try
        {
            receiver.ReleaseHanging(503);
            until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > 1);
        }
        finally
        {
            server.Clock.StopStalling();
        }

        Assert.True(server.Clock.StalledReads > 0, "PushDispatcher.WaitForCapacityAsync never read the clock: the stall did not happen");
        Assert.Equal(1, receiver.Count);
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromMilliseconds(100), until);
        server.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(ids[0], (await receiver.WaitForRequestAsync(2)).MessageId);
        await PushAssert.AckedAsync(server, api, subscription);
    }
}
