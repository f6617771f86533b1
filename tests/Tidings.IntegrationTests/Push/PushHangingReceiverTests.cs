using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>
/// A receiver that never answers: the push is abandoned at the subscription's ack deadline, not before, and retried
/// after the first backoff (reference §1.12). The deliverer's timeout is a timer on the fake clock, and the recording
/// clock tells right after each advance whether it has fired, so "not before" needs no waiting.
/// </summary>
public sealed class PushHangingReceiverTests(DelivererTimersServerFixture server) : IClassFixture<DelivererTimersServerFixture>
{
    [Fact]
    public async Task HangingReceiver_PushTimesOutAtTheAckDeadline_AndIsRetried()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Enqueue(PushReply.Hang);
        var api = new PushApi(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint, ackDeadlineSeconds: 10);
        var ids = await api.PublishAsync(topic, PushApi.Message("slow"));
        var hung = await receiver.WaitForRequestAsync(1);

        // The attempt's timeout, set before the request went out: nothing else can end a push nobody answers.
        var timeout = Assert.Single(server.Clock.Timers);
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromSeconds(10), timeout.DueAt);
        server.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.False(timeout.Fired, "the push was abandoned before the 10 s ack deadline");
        Assert.False(hung.Finished.IsCompleted, "the push ended before the 10 s ack deadline");

        server.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(timeout.Fired, "the push's timeout did not fire at the 10 s ack deadline");
        await hung.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(hung.ClientAborted, "the server did not give up on the hanging push at the ack deadline");

        var until = await PushProbe.WaitBackingOffAsync(server.Services, subscription, gaveUp: () => receiver.Count > 1);
        Assert.Equal(1, receiver.Count);
        Assert.Equal(server.Time.GetUtcNow() + TimeSpan.FromMilliseconds(100), until);
        server.Time.Advance(TimeSpan.FromMilliseconds(100));
        var retry = await receiver.WaitForRequestAsync(2);
        Assert.Equal(ids[0], retry.MessageId);
        await PushAssert.AckedAsync(server, api, subscription);
    }
}
