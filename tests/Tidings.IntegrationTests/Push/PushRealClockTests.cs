using System.Diagnostics;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Push;

/// <summary>Push backoff and outages on the system clock, measured as a receiver sees them. Each test takes a few seconds.</summary>
public sealed class PushRealClockTests(RealClockServerFixture server) : IClassFixture<RealClockServerFixture>
{
    /// <summary>Timers and the two clocks (the server's wall clock, the receiver's stopwatch) may disagree this much.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(20);

    private PushApi NewApi() => new(server.Publisher, server.Subscriber, TidingsServerFixture.NewProject());

    [Fact]
    public async Task Backoff_GapsBetweenRetriesDouble_ThenASuccessEndsIt()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.FailTimes(5, 500);
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var started = Stopwatch.GetTimestamp();
        var ids = await api.PublishAsync(topic, PushApi.Message("retry me"));

        var delivered = await receiver.WaitForRequestAsync(6, timeoutMs: 15_000);

        Assert.Equal(200, delivered.AnsweredStatus);
        var requests = receiver.Requests;
        Assert.All(requests, r => Assert.Equal(ids[0], r.MessageId));
        var gaps = requests.Zip(requests.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.ArrivedTimestamp, b.ArrivedTimestamp)).ToArray();
        for (var i = 0; i < gaps.Length; i++)
        {
            var backoff = TimeSpan.FromMilliseconds(100 << i);
            Assert.True(gaps[i] >= backoff - Tolerance, $"retry {i + 1} came {gaps[i].TotalMilliseconds:0} ms after the previous attempt, before its {backoff.TotalMilliseconds} ms backoff");
            Assert.True(gaps[i] < backoff + TimeSpan.FromSeconds(1), $"retry {i + 1} came {gaps[i].TotalMilliseconds:0} ms after the previous attempt; its backoff was {backoff.TotalMilliseconds} ms");
        }
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(8));

        // The success reset the backoff (it would be 3.2 s now): the next message goes out at once.
        await PushProbe.WaitIdleAsync(server.Services, subscription);
        var sent = Stopwatch.GetTimestamp();
        await api.PublishAsync(topic, PushApi.Message("next"));
        var next = await receiver.WaitForRequestAsync(7);
        Assert.True(Stopwatch.GetElapsedTime(sent, next.ArrivedTimestamp) < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Outage_ReceiverAnswers503ForASecond_NothingIsLost()
    {
        await using var receiver = await PushReceiver.StartAsync();
        long outageStarted = 0; // at the first push
        var outage = TimeSpan.FromSeconds(1);
        receiver.Script = push =>
        {
            if (push.Number == 1)
            {
                outageStarted = push.ArrivedTimestamp;
            }
            return Stopwatch.GetElapsedTime(outageStarted, push.ArrivedTimestamp) < outage ? PushReply.Status(503) : null;
        };
        var api = NewApi();
        var (topic, subscription) = await api.CreatePushPairAsync(receiver.Endpoint);
        var ids = await api.PublishManyAsync(topic, 20, "outage");

        await receiver.WaitUntilAsync(requests => requests.Where(r => r.AnsweredStatus == 200).Select(r => r.MessageId).Distinct().Count() == ids.Length,
            "all 20 messages delivered after the outage", timeoutMs: 20_000);

        var requests = receiver.Requests;
        Assert.True(requests.Count(r => r.AnsweredStatus == 503) >= 2, "the outage did not fail any push");
        Assert.Equal(ids.Order(), requests.Where(r => r.AnsweredStatus == 200).Select(r => r.MessageId!).Order());
        // The failing endpoint was not hammered: few attempts during the outage, thanks to the backoff.
        Assert.InRange(requests.Count(r => r.AnsweredStatus == 503), 2, 12);

        await PushProbe.WaitIdleAsync(server.Services, subscription);
        await api.SwitchToPullAsync(subscription);
        await PushProbe.WaitStoppedAsync(server.Services, subscription);
        Assert.Empty(await api.PullAsync(subscription));
    }
}
