using Tidings.Kernel.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>A filter is checked when the subscription is created and never changes afterwards.</summary>
public sealed class FilterLifecycleTests : IDisposable
{
    private const string Name = "projects/p/subscriptions/orders";
    private readonly BrokerHarness _harness = new();

    public FilterLifecycleTests() => _harness.CreateTopic("events");

    public void Dispose() => _harness.Dispose();

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void Create_InvalidFilter_RefusedWithWhatAndWhere_NothingCreated()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "Invalid filter: AND and OR cannot be mixed without parentheses (write a AND (b OR c)); found 'OR' at character 31.",
            () => _harness.CreateFilteredSubscription("orders", "events", "attributes:a AND attributes:b OR attributes:c"));

        PubSubAssert.Throws(ErrorCode.NotFound, () => Broker.GetSubscription(Name));
    }

    [Fact]
    public void Create_FilterOverTheLimit_Refused()
    {
        var filter = $"attributes.k = \"{new string('v', 240)}\"";

        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid filter: the filter is 257 bytes long, but the maximum is 256 bytes.",
            () => _harness.CreateFilteredSubscription("orders", "events", filter));
    }

    [Fact]
    public void Update_OtherFields_KeepsTheFilter()
    {
        _harness.CreateFilteredSubscription("orders", "events");

        Broker.UpdateSubscription(Name, settings => settings with { AckDeadlineSeconds = 30, Labels = new Dictionary<string, string> { ["team"] = "billing" } });

        var subscription = Broker.GetSubscription(Name);
        Assert.Equal(FilterHarness.OrdersOnly, subscription.Settings.Filter);
        Assert.Equal(30, subscription.Settings.AckDeadlineSeconds);
    }

    [Theory]
    [InlineData("attributes.kind = \"refund\"")]
    [InlineData("")]
    public void Update_ChangedFilter_RefusedAsNotMutable(string filter)
    {
        _harness.CreateFilteredSubscription("orders", "events");

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the UpdateSubscriptionRequest: the 'filter' field in the Subscription is not mutable.",
            () => Broker.UpdateSubscription(Name, settings => settings with { Filter = filter }));

        Assert.Equal(FilterHarness.OrdersOnly, Broker.GetSubscription(Name).Settings.Filter);
    }

    [Fact]
    public void Update_FilterOntoUnfilteredSubscription_Refused()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = BrokerHarness.TopicName("events") });

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            () => Broker.UpdateSubscription(Name, settings => settings with { Filter = FilterHarness.OrdersOnly }));
    }
}
