using Tidings.Kernel.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Topics;

/// <summary>ListTopics and ListTopicSubscriptions: name order, page sizes and page tokens.</summary>
public sealed class TopicListingTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void ListTopics_SevenTopicsPageSizeThree_ReturnsThreeThreeOneWithoutDuplicates()
    {
        foreach (var id in new[] { "topic-g", "topic-c", "topic-a", "topic-e", "topic-b", "topic-f", "topic-d" })
        {
            _harness.CreateTopic(id);
        }

        var first = Broker.ListTopics("projects/p", 3, "");
        var second = Broker.ListTopics("projects/p", 3, first.NextPageToken);
        var third = Broker.ListTopics("projects/p", 3, second.NextPageToken);

        Assert.Equal(3, first.Items.Count);
        Assert.Equal(3, second.Items.Count);
        Assert.Single(third.Items);
        Assert.NotEqual("", first.NextPageToken);
        Assert.NotEqual("", second.NextPageToken);
        Assert.Equal("", third.NextPageToken);
        var names = first.Items.Concat(second.Items).Concat(third.Items).Select(topic => topic.Name.Id).ToList();
        Assert.Equal(["topic-a", "topic-b", "topic-c", "topic-d", "topic-e", "topic-f", "topic-g"], names);
    }

    [Fact]
    public void ListTopics_ExactlyOnePageFull_HasNoNextToken()
    {
        _harness.CreateTopic("topic-a");
        _harness.CreateTopic("topic-b");

        var page = Broker.ListTopics("projects/p", 2, "");

        Assert.Equal(2, page.Items.Count);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public void ListTopics_OtherProjectsAndDeletedTopics_NotListed()
    {
        _harness.CreateTopic("kept");
        _harness.CreateTopic("deleted");
        Broker.DeleteTopic("projects/p/topics/deleted");
        Broker.CreateTopic("projects/q/topics/elsewhere", new TopicSettings());
        Broker.CreateTopic("projects/pp/topics/prefix-project", new TopicSettings());

        var page = Broker.ListTopics("projects/p", 0, "");

        Assert.Equal(["kept"], page.Items.Select(topic => topic.Name.Id));
    }

    [Fact]
    public void ListTopics_InvalidProject_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [projects] name: (name=p)", () => Broker.ListTopics("p", 0, ""));
    }

    [Fact]
    public void ListTopicSubscriptions_Paged_ReturnsEveryNameOnce()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("other");
        for (var i = 0; i < 5; i++)
        {
            _harness.CreateSubscription($"sub-{i}", "orders");
        }
        _harness.CreateSubscription("not-mine", "other");

        var first = Broker.ListTopicSubscriptions("projects/p/topics/orders", 2, "");
        var second = Broker.ListTopicSubscriptions("projects/p/topics/orders", 2, first.NextPageToken);
        var third = Broker.ListTopicSubscriptions("projects/p/topics/orders", 2, second.NextPageToken);

        Assert.Equal(["projects/p/subscriptions/sub-0", "projects/p/subscriptions/sub-1"], first.Items);
        Assert.Equal(["projects/p/subscriptions/sub-2", "projects/p/subscriptions/sub-3"], second.Items);
        Assert.Equal(["projects/p/subscriptions/sub-4"], third.Items);
        Assert.Equal("", third.NextPageToken);
    }

    [Fact]
    public void ListTopicSubscriptions_DeletedSubscription_NotListed()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("kept", "orders");
        _harness.CreateSubscription("gone", "orders");

        Broker.DeleteSubscription("projects/p/subscriptions/gone");

        Assert.Equal(["projects/p/subscriptions/kept"], Broker.ListTopicSubscriptions("projects/p/topics/orders", 0, "").Items);
    }

    [Fact]
    public void ListTopicSubscriptions_MissingTopic_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=orders).",
            () => Broker.ListTopicSubscriptions("projects/p/topics/orders", 0, ""));
    }

    [Fact]
    public void ListSubscriptions_Project_ListsOnlyThatProjectsSubscriptions()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub-b", "orders");
        _harness.CreateSubscription("sub-a", "orders");
        Broker.CreateSubscription("projects/q/subscriptions/sub-q", new SubscriptionSettings { Topic = "projects/p/topics/orders" });

        var page = Broker.ListSubscriptions("projects/p", 0, "");

        Assert.Equal(["sub-a", "sub-b"], page.Items.Select(subscription => subscription.Name.Id));
    }

    public void Dispose() => _harness.Dispose();
}
