using Google.Cloud.Scheduler.V1;
using Tidings.PubSub.Resources;
using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>A Pub/Sub target publishes into Tidings' own topic, data and attributes exactly as given; a missing topic is NOT_FOUND.</summary>
public sealed class PubSubTargetTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static Job PubsubJob(string id, string topic) => new()
    {
        Name = SchedulerHarness.JobName(id),
        Schedule = "* * * * *",
        PubsubTarget = new PubsubTarget
        {
            TopicName = topic,
            Data = SchedulerHarness.Bytes("tick"),
            Attributes = { ["kind"] = "cron", ["empty"] = "" },
        },
    };

    [Fact]
    public async Task Fire_TopicWithSubscription_MessageDeliveredExactly()
    {
        _harness.PubSub.CreateTopic("projects/p/topics/ticks", new TopicSettings());
        _harness.PubSub.CreateSubscription("projects/p/subscriptions/ticks-sub", new SubscriptionSettings { Topic = "projects/p/topics/ticks" });
        await _harness.CreateAsync(PubsubJob("publisher", "projects/p/topics/ticks"));

        _harness.AdvanceTo(Minute1);
        await Eventually.TrueAsync(() => _harness.Get("publisher").Status is not null, "the publish");

        var pulled = await _harness.PubSub.PullAsync("projects/p/subscriptions/ticks-sub", 10, returnImmediately: true, CancellationToken.None);
        var message = Assert.Single(pulled).Message;
        Assert.Equal("tick", System.Text.Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal([KeyValuePair.Create("kind", "cron"), KeyValuePair.Create("empty", "")], message.Attributes.OrderByDescending(a => a.Key));
        Assert.Equal(0, _harness.Get("publisher").Status.Code);
        Assert.Empty(_harness.Deliverer.Requests);
    }

    [Fact]
    public async Task Fire_TopicMissing_StatusNotFound()
    {
        await _harness.CreateAsync(PubsubJob("lost", "projects/p/topics/nowhere"));

        _harness.AdvanceTo(Minute1);
        await Eventually.TrueAsync(() => _harness.Get("lost").Status is not null, "the publish");

        var status = _harness.Get("lost").Status;
        Assert.Equal(5, status.Code);
        Assert.Equal("Pub/Sub topic projects/p/topics/nowhere not found.", status.Message);
    }
}
