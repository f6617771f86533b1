using System.Text;
using System.Text.Json;
using Tidings.Delivery;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>Push on an ordered subscription: one push of a key at a time, the next only once it is acked.</summary>
public sealed class OrderedPushTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly List<(string Text, TaskCompletionSource<DeliveryResult> Answer)> _pushes = [];
    private readonly Subscription _subscription;

    public OrderedPushTests()
    {
        _harness.Deliverer.Respond = request =>
        {
            var answer = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pushes)
            {
                _pushes.Add((DataOf(request), answer));
            }
            return answer.Task;
        };
        _harness.CreateTopic("orders");
        _subscription = _harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName("pusher"), new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName("orders"),
            PushConfig = new PushConfig { PushEndpoint = "https://receiver.example/push" },
            EnableMessageOrdering = true,
        });
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Push_TwoKeys_OnePushOfEachKeyAtATime()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "b:1");

        await Eventually.TrueAsync(() => Pushed().Length == 2, "one push of each key started");
        Assert.Equal(["a:1", "b:1"], Pushed());

        Answer("a:1", 200);

        await Eventually.TrueAsync(() => Pushed().Length == 3, "a:2 pushed once a:1 was acked");
        Assert.Equal("a:2", Pushed()[2]);
        Answer("b:1", 200);
        Answer("a:2", 200);
        await Eventually.TrueAsync(() => _subscription.BacklogCount() == 0, "everything acked");
    }

    [Fact]
    public async Task Push_Failed_SameMessagePushedAgainBeforeTheNextOfItsKey()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        await Eventually.TrueAsync(() => Pushed().Length == 1, "a:1 pushed");

        Answer("a:1", 500);
        var dispatcher = _harness.Broker.FindPushDispatcher(_subscription)!;
        await Eventually.TrueAsync(() => dispatcher.BackingOffUntil is not null, "the failure's backoff started");
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => Pushed().Length == 2, "pushed again after the backoff");
        Assert.Equal(["a:1", "a:1"], Pushed());
    }

    private string[] Pushed()
    {
        lock (_pushes)
        {
            return [.. _pushes.Select(p => p.Text)];
        }
    }

    /// <summary>Answers the last push of the message with the given text.</summary>
    private void Answer(string text, int status)
    {
        TaskCompletionSource<DeliveryResult> answer;
        lock (_pushes)
        {
            answer = _pushes.Last(p => p.Text == text).Answer;
        }
        answer.SetResult(FakeDeliverer.Status(status));
    }

    private static string DataOf(HttpDeliveryRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return Encoding.UTF8.GetString(body.RootElement.GetProperty("message").GetProperty("data").GetBytesFromBase64());
    }
}
