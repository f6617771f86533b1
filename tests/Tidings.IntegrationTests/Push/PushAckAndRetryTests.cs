using Google.Cloud.PubSub.V1;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.PubSub.Push;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// Which answers ack a push and which nack it, the subscription-wide backoff after failures, and switching between
/// push and pull (reference §1.12); a receiver that hangs is <see cref="PushHangingReceiverTests"/>. On the fake
/// clock: a retry waits for the backoff on that clock, so each test advances it, and only once the dispatcher waits
/// it out (<see cref="PushProbe.WaitBackingOffAsync"/>). Being idle is not enough: the loop sets its timer after the
/// failure is applied, counting from the clock's time then, so an advance before that is missed and the retry never
/// comes. No test waits to see nothing happen: each first reaches a state in which nothing can, and checks it.
/// </summary>
public sealed class PushAckAndRetryTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    private PushApi NewApi() => new(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());

    private Task WaitIdleAsync(string subscription) => PushProbe.WaitIdleAsync(server.Services, subscription);

    private PushDispatcher Dispatcher(string subscription) =>
        PushProbe.Dispatcher(server.Services, subscription) ?? throw new InvalidOperationException($"No push dispatcher runs for {subscription}.");

    private Task AssertAckedAsync(PushApi api, string subscription) => PushAssert.AckedAsync(server, api, subscription);

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(204)]
    public async Task Status_2xxOfGoogle_AcksThePush_NotRedelivered(int status)
    {
        // 102 also acks on Google, but Kestrel cannot send a 1xx as the final answer, so it is not tested here.
        await using var receiver = await PushReceiver.StartAsync();
        receiver.DefaultReply = PushReply.Status(status);
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        await api.PublishAsync(topic, PushApi.Message("once"));

        await receiver.WaitForRequestAsync(1);

        await AssertAckedAsync(api, subscription);
        Assert.Equal(1, receiver.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(302)]
    [InlineData(203)]
    public async Task Status_Other_NacksThePush_RetriedAfterTheFirstBackoff(int status)
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(status));
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var ids = await api.PublishAsync(topic, PushApi.Message("again"));

        var first = await receiver.WaitForRequestAsync(1);
        await AdvanceThroughBackoffAsync(subscription, receiver, FirstBackoff);
        var second = await receiver.WaitForRequestAsync(2);

        Assert.Equal(ids[0], first.MessageId);
        Assert.Equal(ids[0], second.MessageId);
        Assert.Equal(first.Body, second.Body);
        await AssertAckedAsync(api, subscription);
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task Backoff_DoublesFrom100msTo60s_NoRetryBeforeItEnds_ThenResetsAfterASuccess()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.DefaultReply = PushReply.Status(500);
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var ids = await api.PublishAsync(topic, PushApi.Message("stubborn"));
        await receiver.WaitForRequestAsync(1);

        double[] expectedSeconds = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 60, 60];
        for (var failures = 1; failures <= expectedSeconds.Length; failures++)
        {
            var backoff = TimeSpan.FromSeconds(expectedSeconds[failures - 1]);
            var until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > failures);
            Assert.True(receiver.Count == failures, $"retry #{failures} came before its {backoff.TotalSeconds} s backoff ended");
            Assert.Equal(server.Time.GetUtcNow() + backoff, until);
            if (failures == expectedSeconds.Length)
            {
                receiver.DefaultReply = PushReply.Ok; // the endpoint recovers
            }

            server.Time.Advance(backoff - TimeSpan.FromMilliseconds(1));
            Assert.Equal(until, Dispatcher(subscription).BackingOffUntil); // its timer is not due, so no retry can start
            Assert.Equal(failures, receiver.Count);

            server.Time.Advance(TimeSpan.FromMilliseconds(1));
            var retry = await receiver.WaitForRequestAsync(failures + 1);
            Assert.Equal(ids[0], retry.MessageId);
        }
        await WaitIdleAsync(subscription);

        // After the success the backoff is gone: the next message is pushed without the clock moving.
        var next = await api.PublishAsync(topic, PushApi.Message("fresh"));
        var pushed = await receiver.WaitForRequestAsync(expectedSeconds.Length + 2);
        Assert.Equal(next[0], pushed.MessageId);
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task Backoff_IsSubscriptionWide_OneFailingMessageHoldsBackTheOthers()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Status(503));
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        await api.PublishAsync(topic, PushApi.Message("first"));
        await receiver.WaitForRequestAsync(1);
        var until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > 1);
        Assert.Equal(server.Time.GetUtcNow() + FirstBackoff, until);

        // A new message does not end the wait: only the clock does.
        var later = await api.PublishAsync(topic, PushApi.Message("second"));
        server.Time.Advance(FirstBackoff - TimeSpan.FromMilliseconds(1));
        Assert.Equal(until, Dispatcher(subscription).BackingOffUntil);
        Assert.Equal(1, receiver.Count);

        server.Time.Advance(TimeSpan.FromMilliseconds(1));
        await receiver.WaitUntilAsync(requests => requests.Count(r => r.AnsweredStatus == 200) == 2, "both messages acked");
        Assert.Contains(receiver.Requests, r => r.MessageId == later[0]);
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task ClosedConnection_IsANack_AndRetried()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.CloseConnection, PushReply.CloseConnection);
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var ids = await api.PublishAsync(topic, PushApi.Message("dropped"));

        await receiver.WaitForRequestAsync(1);
        await AdvanceThroughBackoffAsync(subscription, receiver, FirstBackoff);
        await receiver.WaitForRequestAsync(2);
        await AdvanceThroughBackoffAsync(subscription, receiver, 2 * FirstBackoff);
        var third = await receiver.WaitForRequestAsync(3);

        Assert.Equal(ids[0], third.MessageId);
        Assert.Equal(200, third.AnsweredStatus);
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task UnreachableEndpoint_IsANack_NothingLost_UntilItComesUp()
    {
        // A port that refuses connections: take a free one and release it.
        var down = await PushReceiver.StartAsync();
        var endpoint = down.Endpoint;
        var (port, path) = (down.Port, down.Path);
        await down.DisposeAsync();
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(endpoint);
        var ids = await api.PublishManyAsync(topic, 5);
        // Down: the pushes fail and the dispatcher backs off; moved past that backoff, it backs off again.
        var until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => false);
        server.Time.Advance(until!.Value - server.Time.GetUtcNow());
        await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => false);

        await using var receiver = await PushReceiver.StartAsync(port, path);
        await AdvanceThroughBackoffsUntilAsync(subscription, () => receiver.Succeeded().Select(r => r.MessageId).Distinct().Count() == ids.Length,
            "every message pushed once the endpoint is up");

        Assert.Equal(ids.Order(), receiver.Succeeded().Select(r => r.MessageId!).Order());
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task Window_StartsSmall_AndEverythingIsDeliveredOnceTheReceiverAnswers()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.DefaultReply = PushReply.Hang;
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var ids = await api.PublishManyAsync(topic, 30);

        // The loop leases no more once as many pushes are in flight as the window admits (or every message is), and
        // none ends: the receiver hangs and the clock stands still. So once they have all reached the receiver, the
        // count is the first window.
        var dispatcher = Dispatcher(subscription);
        await Eventually.TrueAsync(() => dispatcher.InFlight == Math.Min(dispatcher.WindowSize, ids.Length) && receiver.Count == dispatcher.InFlight,
            "the first window of pushes to reach the receiver");
        var concurrent = receiver.Count;
        Assert.InRange(concurrent, 1, 9); // Google starts from a "small single-digit" window

        receiver.DefaultReply = PushReply.Ok;
        receiver.ReleaseHanging();
        await receiver.WaitUntilAsync(requests => requests.Where(r => r.AnsweredStatus == 200).Select(r => r.MessageId).Distinct().Count() == ids.Length,
            "all 30 messages acked");
        Assert.Equal(ids.Length, receiver.Count);
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task ModifyPushConfig_PushToPull_StopsPushing_AndPullReceives()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        await api.PublishAsync(topic, PushApi.Message("pushed"));
        await receiver.WaitForRequestAsync(1);
        await WaitIdleAsync(subscription);

        await api.SwitchToPullAsync(subscription);
        await PushProbe.WaitStoppedAsync(server.Services, subscription);
        var ids = await api.PublishAsync(topic, PushApi.Message("pulled"));
        var pulled = await api.PullAsync(subscription);

        Assert.Equal(ids[0], Assert.Single(pulled).Message.MessageId);
        await server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled[0].AckId } });
        server.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await api.PullAsync(subscription));
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task ModifyPushConfig_PushToPull_WhileAPushHangs_TheMessageGoesBackToPull()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.DefaultReply = PushReply.Hang;
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint, ackDeadlineSeconds: 60);
        var ids = await api.PublishAsync(topic, PushApi.Message("stuck"));
        var hung = await receiver.WaitForRequestAsync(1);

        await api.SwitchToPullAsync(subscription);

        // No clock movement: the abandoned push is nacked at once, not left to its lease.
        IReadOnlyList<ReceivedMessage> pulled = [];
        await Eventually.TrueAsync(async () =>
        {
            pulled = await api.PullAsync(subscription);
            return pulled.Count > 0;
        }, "the hanging push's message to be pullable");
        Assert.Equal(ids[0], Assert.Single(pulled).Message.MessageId);
        await hung.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(hung.ClientAborted);
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task ModifyPushConfig_PullToPush_PushesTheBacklog()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        var subscription = (await api.CreateSubscriptionAsync(topic, push: null)).Name;
        var ids = await api.PublishManyAsync(topic, 5, "backlog");
        Assert.Null(PushProbe.Dispatcher(server.Services, subscription)); // a pull subscription: nothing pushes it
        Assert.Equal(0, receiver.Count);

        await api.SwitchToPushAsync(subscription, new PushConfig { PushEndpoint = receiver.Endpoint });

        await receiver.WaitUntilAsync(requests => requests.Count == ids.Length, "the 5 backlog messages pushed");
        Assert.Equal(ids.Order(), receiver.Requests.Select(r => r.MessageId!).Order());
        Assert.All(receiver.Requests, r => Assert.Equal(subscription, r.Json().GetProperty("subscription").GetString()));
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task UpdateSubscription_PushConfigMask_SwitchesPullToPush()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var api = NewApi();
        var topic = await api.CreateTopicAsync();
        var subscription = (await api.CreateSubscriptionAsync(topic, push: null)).Name;
        var ids = await api.PublishAsync(topic, PushApi.Message("via update"));

        await server.Subscriber.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
        {
            Subscription = new Subscription { Name = subscription, Topic = topic, PushConfig = new PushConfig { PushEndpoint = receiver.Endpoint } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "push_config" } },
        });

        Assert.Equal(ids[0], (await receiver.WaitForRequestAsync(1)).MessageId);
        await AssertAckedAsync(api, subscription);
    }

    [Fact]
    public async Task ModifyPushConfig_NewEndpoint_LaterPushesGoThere()
    {
        await using var first = await PushReceiver.StartAsync();
        await using var second = await PushReceiver.StartAsync();
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(first.Endpoint);
        await api.PublishAsync(topic, PushApi.Message("one"));
        await first.WaitForRequestAsync(1);
        await WaitIdleAsync(subscription);

        await api.SwitchToPushAsync(subscription, new PushConfig { PushEndpoint = second.Endpoint });
        var ids = await api.PublishAsync(topic, PushApi.Message("two"));

        Assert.Equal(ids[0], (await second.WaitForRequestAsync(1)).MessageId);
        Assert.Equal(1, first.Count);
    }

    [Fact]
    public async Task DeleteSubscription_StopsPushing()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.DefaultReply = PushReply.Status(500);
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        await api.PublishAsync(topic, PushApi.Message("doomed"));
        await receiver.WaitForRequestAsync(1);
        await WaitIdleAsync(subscription);
        var dispatcher = Dispatcher(subscription);

        await server.Subscriber.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Subscription = subscription });
        await Eventually.TrueAsync(() => dispatcher.HasStopped && dispatcher.InFlight == 0, "the deleted subscription's dispatcher to stop");
        server.Time.Advance(TimeSpan.FromMinutes(2)); // long past the backoff: a running dispatcher would retry now

        Assert.Equal(1, receiver.Count);
    }

    /// <summary>
    /// Once the dispatcher waits out the backoff after the receiver's last request failed, checks that the wait is
    /// <paramref name="backoff"/> from now and moves the clock to its end. Not before: the timer would miss the move.
    /// </summary>
    private async Task AdvanceThroughBackoffAsync(string subscription, PushReceiver receiver, TimeSpan backoff)
    {
        var attempts = receiver.Count;
        var until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > attempts);
        Assert.True(receiver.Count == attempts, $"request #{attempts} was retried before its {backoff.TotalMilliseconds} ms backoff");
        Assert.Equal(server.Time.GetUtcNow() + backoff, until);
        server.Time.Advance(backoff);
    }

    /// <summary>
    /// Until <paramref name="condition"/> holds (deadline in real time), moves the fake clock to the end of each
    /// backoff the subscription's dispatcher waits out with nothing in flight: exactly when its next attempt is due.
    /// </summary>
    private Task AdvanceThroughBackoffsUntilAsync(string subscription, Func<bool> condition, string what) =>
        Eventually.TrueAsync(() =>
        {
            if (condition())
            {
                return true;
            }
            var dispatcher = Dispatcher(subscription);
            if (dispatcher.BackingOffUntil is { } until && dispatcher.InFlight == 0)
            {
                server.Time.Advance(until - server.Time.GetUtcNow());
            }
            return false;
        }, what, timeoutMs: 10_000);
}
