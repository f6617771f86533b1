using Tidings.Kernel.Errors;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Consumers;

/// <summary>Unary Pull with return_immediately: up to max_messages, oldest first, each message leased once.</summary>
public sealed class PullTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public PullTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public async Task Pull_MoreMessagesThanMax_ReturnsMaxInPublishOrder()
    {
        await _harness.PublishAsync("orders", "a", "b", "c", "d", "e");

        var first = await _harness.PullNowAsync("sub", 3);
        var second = await _harness.PullNowAsync("sub", 3);

        Assert.Equal(["a", "b", "c"], first.Select(BrokerHarness.Text));
        Assert.Equal(["d", "e"], second.Select(BrokerHarness.Text));
        Assert.Empty(await _harness.PullNowAsync("sub", 3));
    }

    [Fact]
    public async Task Pull_MaxOver1000_CappedAt1000()
    {
        await _harness.PublishManyAsync("orders", 1500);

        var pulled = await _harness.PullNowAsync("sub", 5000);

        Assert.Equal(PubSubBroker.MaxMessagesPerResponse, pulled.Count);
    }

    [Fact]
    public async Task Pull_Empty_ReturnsNothingImmediately()
    {
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Pull_MaxMessagesNotPositive_ThrowsInvalidArgument(int maxMessages)
    {
        var error = await PubSubAssert.ThrowsAsync(ErrorCode.InvalidArgument, () => _harness.PullNowAsync("sub", maxMessages));

        Assert.Equal($"The value for max_messages is too small. You passed {maxMessages} in the request, but the minimum value is 1.", error.Message);
    }

    [Fact]
    public async Task Pull_MissingSubscription_ThrowsNotFound()
    {
        var error = await PubSubAssert.ThrowsAsync(ErrorCode.NotFound, () => _harness.PullNowAsync("gone"));

        Assert.Equal("Resource not found (resource=gone).", error.Message);
    }

    [Fact]
    public async Task Pull_InvalidSubscriptionName_ThrowsInvalidArgument()
    {
        var error = await PubSubAssert.ThrowsAsync(ErrorCode.InvalidArgument,
            () => _harness.Broker.PullAsync("projects/p/subscriptions/x", 1, returnImmediately: true, CancellationToken.None));

        Assert.Equal("Invalid [subscriptions] name: (name=projects/p/subscriptions/x)", error.Message);
    }

    [Fact]
    public async Task Publish_MissingTopic_ThrowsNotFound()
    {
        var error = await PubSubAssert.ThrowsAsync(ErrorCode.NotFound, () => _harness.PublishAsync("missing", "a"));

        Assert.Equal("Resource not found (resource=missing).", error.Message);
    }

    [Fact]
    public async Task Publish_LimitsEnforced_RejectsEmptyMessage()
    {
        await PubSubAssert.ThrowsAsync(ErrorCode.InvalidArgument, () => _harness.PublishAsync("orders", ""));

        Assert.Equal(0, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).BacklogCount());
    }

    [Fact]
    public async Task Publish_EnforcementOff_AcceptsOversizedRequest()
    {
        using var lenient = new BrokerHarness(new PubSubOptions { EnforceLimits = false });
        lenient.CreateTopic("orders");
        var messages = Enumerable.Repeat(BrokerHarness.Message("x"), 1001).ToArray();

        var ids = await lenient.Broker.PublishAsync(BrokerHarness.TopicName("orders"), messages, 20L * 1024 * 1024, CancellationToken.None);

        Assert.Equal(1001, ids.Length);
    }

    public void Dispose() => _harness.Dispose();
}
