using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>Several streams on an ordered subscription: a key goes to one stream at a time, in publish order.</summary>
public sealed class OrderedStreamsTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public OrderedStreamsTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateOrderedSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Lease_InterleavedKeysAndTwoStreams_EachKeyStaysOnTheStreamItWentTo()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "b:1", "a:2", "b:2", "a:3", "b:3");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();

        var firstBatch = _subscription.LeaseFor(first); // its fair share, three: a:1 b:1 a:2, which binds a and b to it
        var secondBatch = _subscription.LeaseFor(second);
        var firstAgain = _subscription.DrainFor(first);

        Assert.Equal(["a:1", "b:1", "a:2"], firstBatch.Texts());
        Assert.Empty(secondBatch);
        Assert.Equal(["b:2", "a:3", "b:3"], firstAgain.Texts());
    }

    [Fact]
    public async Task Lease_KeyBoundToOneStream_OtherStreamGetsTheOtherKeys()
    {
        await _harness.PublishKeyedAsync("orders", "a:1");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();
        Assert.Equal(["a:1"], _subscription.LeaseFor(first).Texts());

        await _harness.PublishKeyedAsync("orders", "a:2", "c:1", "a:3", "c:2");

        Assert.Equal(["c:1", "c:2"], _subscription.DrainFor(second).Texts());
        Assert.Equal(["a:2", "a:3"], _subscription.DrainFor(first).Texts());
    }

    [Fact]
    public async Task Lease_KeyWithNothingInFlight_MayGoToAnotherStream()
    {
        await _harness.PublishKeyedAsync("orders", "a:1");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();
        var leased = _subscription.LeaseFor(first);
        _subscription.Ack(leased);

        await _harness.PublishKeyedAsync("orders", "a:2");

        Assert.Equal(["a:2"], _subscription.LeaseFor(second).Texts());
    }

    [Fact]
    public async Task Lease_ManyOfOneKey_AllOutstandingOnOneStreamInOrder()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "a:3", "a:4", "a:5");
        var only = _subscription.AddStream();

        Assert.Equal(["a:1", "a:2", "a:3", "a:4", "a:5"], _subscription.LeaseFor(only).Texts());
    }

    [Fact]
    public async Task Lease_StreamWaiting_WokenWhenAMessageOfItsKeyIsParkedForIt()
    {
        await _harness.PublishKeyedAsync("orders", "a:1");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();
        _subscription.LeaseFor(first);
        await _harness.PublishKeyedAsync("orders", "a:2");
        // Drain the wake-up the publish gave, so only the parking can wake it now.
        await first.WaitAsync(TimeSpan.Zero, _harness.Time, CancellationToken.None);
        var woken = first.WaitAsync(TimeSpan.FromMinutes(1), _harness.Time, CancellationToken.None);

        Assert.Empty(_subscription.LeaseFor(second)); // reads a:2 and parks it for the stream holding a

        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["a:2"], _subscription.LeaseFor(first).Texts());
    }

    [Fact]
    public async Task Lease_MessagesWithoutKey_SplitBetweenStreamsAsUsual()
    {
        await _harness.PublishManyAsync("orders", 10);
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();

        var firstBatch = _subscription.LeaseFor(first);
        var secondBatch = _subscription.LeaseFor(second);

        Assert.Equal(5, firstBatch.Count); // half of what is available, as without ordering
        Assert.InRange(secondBatch.Count, 1, 5); // a share of what is left
        Assert.Empty(firstBatch.Texts().Intersect(secondBatch.Texts()));
    }
}
