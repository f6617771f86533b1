using System.Collections.Concurrent;
using System.Diagnostics;
using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Monitoring;

/// <summary>
/// Publish and deliver spans link to the trace context the official clients put in <c>googclient_traceparent</c>,
/// so a consumer's trace leads back to the producer's.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private const string ProducerTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private readonly BrokerHarness _harness = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    // Names no other test uses: the listener sees the spans of every broker in the process, and other test classes
    // run at the same time with topics called "orders".
    private readonly string _topic = $"traced-{Guid.NewGuid():N}";
    private readonly string _subscription = $"traced-sub-{Guid.NewGuid():N}";

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PubSubTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _harness.CreateTopic(_topic);
        _harness.CreateSubscription(_subscription, _topic);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _harness.Dispose();
    }

    /// <summary>Spans of this test's subscription or topic only.</summary>
    private Activity Span(string name) => Assert.Single(_spans, span => span.DisplayName == name
        && (Equals(span.GetTagItem("messaging.destination.name"), BrokerHarness.TopicName(_topic))
            || Equals(span.GetTagItem("messaging.destination.subscription.name"), BrokerHarness.SubscriptionName(_subscription))));

    [Fact]
    public async Task PublishAndDeliver_LinkToTheMessagesTraceParent()
    {
        await _harness.Broker.PublishAsync(BrokerHarness.TopicName(_topic),
            [BrokerHarness.Message("traced", (PubSubTracing.TraceParentAttribute, ProducerTraceParent)), BrokerHarness.Message("untraced")], 0,
            CancellationToken.None);
        var pulled = await _harness.PullNowAsync(_subscription);

        var publish = Span($"{_topic} publish");
        var deliver = Span($"{_subscription} deliver");
        var producer = ActivityContext.Parse(ProducerTraceParent, traceState: null);
        Assert.Equal(2, pulled.Count);
        Assert.Equal([producer.TraceId], publish.Links.Select(link => link.Context.TraceId));
        Assert.Equal([producer.SpanId], deliver.Links.Select(link => link.Context.SpanId));
        Assert.Equal((ActivityKind.Server, 2), (publish.Kind, (int)publish.GetTagItem("messaging.batch.message_count")!));
        Assert.Equal(("gcp_pubsub", 2), ((string)deliver.GetTagItem("messaging.system")!, (int)deliver.GetTagItem("messaging.batch.message_count")!));
    }

    [Fact]
    public async Task MalformedTraceParent_IsNoLink()
    {
        await _harness.Broker.PublishAsync(BrokerHarness.TopicName(_topic),
            [BrokerHarness.Message("odd", (PubSubTracing.TraceParentAttribute, "not-a-traceparent"))], 0, CancellationToken.None);

        Assert.Empty(Span($"{_topic} publish").Links);
    }
}
