using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// An exactly-once subscription across a crash (a second broker opened over the stores the first left, the first
/// never disposed, so nothing but what was answered is saved): acked messages never come back, ack ids from before
/// are refused, and a message whose saved lease still runs is held back until its deadline.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private readonly List<BrokerHarness> _harnesses = [];

    private BrokerHarness Open(DateTimeOffset now)
    {
        var harness = new BrokerHarness(new PubSubOptions { PullWaitTime = TimeSpan.FromMinutes(5) }, _messages, _state, now);
        _harnesses.Add(harness);
        return harness;
    }

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }

    [Fact]
    public async Task Crash_AfterAnsweredAck_MessageNeverDeliveredAgain()
    {
        var before = Open(Start);
        before.CreateTopic("orders");
        before.CreateExactlyOnceSubscription("sub", "orders");
        await before.PublishAsync("orders", "a", "b");
        var pulled = await before.PullNowAsync("sub");
        await before.AckAsync("sub", pulled[0]);

        var after = Open(Start.AddSeconds(1));

        after.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["b"], (await after.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Crash_AckIdFromBefore_Refused()
    {
        var before = Open(Start);
        before.CreateTopic("orders");
        before.CreateExactlyOnceSubscription("sub", "orders");
        await before.PublishAsync("orders", "a");
        var pulled = Assert.Single(await before.PullNowAsync("sub"));

        var after = Open(Start.AddSeconds(1));

        await ExactlyOnceAssert.FailsWithAsync(() => after.AckAsync("sub", pulled), (pulled.AckId.Format(), AckIdFailureCodes.InvalidAckId));
    }

    [Fact]
    public async Task Crash_AfterAnsweredModack_MessageHeldUntilThatDeadline()
    {
        var before = Open(Start);
        before.CreateTopic("orders");
        before.CreateExactlyOnceSubscription("sub", "orders");
        await before.PublishAsync("orders", "a", "b", "c");
        var pulled = await before.PullNowAsync("sub");
        await before.ModAckAsync("sub", 120, pulled[1]);
        await before.AckAsync("sub", pulled[2]);

        var after = Open(Start.AddSeconds(30));

        // "a" had no saved lease: at once. "b" is held until its deadline, 120 s after the modack.
        var again = await after.PullNowAsync("sub");
        Assert.Equal(["a"], again.Select(BrokerHarness.Text));
        await after.AckAsync("sub", again);
        after.Time.Advance(TimeSpan.FromSeconds(89));
        Assert.Empty(await after.PullNowAsync("sub"));
        after.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["b"], (await after.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Crash_HeldMessage_WaitingPullerWokenAtTheDeadline()
    {
        var before = Open(Start);
        before.CreateTopic("orders");
        before.CreateExactlyOnceSubscription("sub", "orders");
        await before.PublishAsync("orders", "a");
        var pulled = Assert.Single(await before.PullNowAsync("sub"));
        await before.ModAckAsync("sub", 60, pulled);
        var after = Open(Start.AddSeconds(1));
        var waiting = after.Broker.PullAsync(BrokerHarness.SubscriptionName("sub"), 10, returnImmediately: false, CancellationToken.None);

        after.Time.Advance(TimeSpan.FromSeconds(59));

        var redelivered = Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(pulled.MessageId, redelivered.MessageId);
    }

    [Fact]
    public async Task Crash_HeldKeyedMessage_LaterMessagesOfItsKeyWaitBehindIt()
    {
        var before = Open(Start);
        before.CreateTopic("orders");
        before.CreateSubscription("sub", "orders", settings => settings with
        {
            EnableMessageOrdering = true,
            EnableExactlyOnceDelivery = true,
            AckDeadlineSeconds = 10,
        });
        await before.PublishKeyedAsync("orders", "a:1", "a:2", "b:1");
        var pulled = await before.PullNowAsync("sub");
        Assert.Equal(["a:1", "b:1"], pulled.Select(BrokerHarness.Text));
        await before.ModAckAsync("sub", 120, pulled[0]);

        var after = Open(Start.AddSeconds(30));

        // b:1's lease has run out: at once. a:1 is held until its deadline, and a:2 may not overtake it.
        var again = await after.PullNowAsync("sub");
        Assert.Equal(["b:1"], again.Select(BrokerHarness.Text));
        await after.AckAsync("sub", again);
        after.Time.Advance(TimeSpan.FromSeconds(89));
        Assert.Empty(await after.PullNowAsync("sub"));
        after.Time.Advance(TimeSpan.FromSeconds(1));
        var first = Assert.Single(await after.PullNowAsync("sub"));
        Assert.Equal("a:1", BrokerHarness.Text(first));
        await after.AckAsync("sub", first);
        Assert.Equal("a:2", BrokerHarness.Text(Assert.Single(await after.PullNowAsync("sub"))));
    }
}
