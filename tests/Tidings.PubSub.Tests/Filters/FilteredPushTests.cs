using System.Text;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>Push goes through the same lease: a filtered push subscription posts only the matching messages.</summary>
public sealed class FilteredPushTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Push_MixedPublishes_PostsOnlyMatching()
    {
        _harness.CreateTopic("events");
        var subscription = _harness.CreateFilteredSubscription("pusher", "events", "hasPrefix(attributes.kind, \"ord\")",
            new PushConfig { PushEndpoint = "https://receiver.example/push", NoWrapper = new NoWrapper(WriteMetadata: false) });

        await _harness.PublishKindsAsync("events", "order", "refund");
        await _harness.PublishKindsAsync("events", "audit", "ordinal", "refund");

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the matching pushes were acked");
        Assert.Equal(["order#0", "ordinal#1"], _harness.Deliverer.Requests.Select(request => Encoding.UTF8.GetString(request.Body.Span)).Order());
        Assert.Equal(subscription.Topic.Log.NextSequence, subscription.AckFloor);
    }
}
