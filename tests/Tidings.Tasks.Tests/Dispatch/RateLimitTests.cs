using Google.Cloud.Tasks.V2;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// max_dispatches_per_second as a token bucket of max_burst_size: checked on the fake clock's time of every
/// dispatch, for every stretch of dispatches, first attempts and retries alike.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>No stretch of dispatches from the i-th to the j-th holds more than the bucket allows over its time.</summary>
    private void AssertWithinBucket(double rate, int burst)
    {
        var times = _harness.Deliverer.SentAt.ToArray();
        for (var i = 0; i < times.Length; i++)
        {
            for (var j = i; j < times.Length; j++)
            {
                var allowed = burst + (rate * (times[j] - times[i]).TotalSeconds) + 1e-9;
                Assert.True(j - i + 1 <= allowed, $"dispatches {i}..{j} ({j - i + 1}) within {(times[j] - times[i]).TotalSeconds}s exceed {allowed}");
            }
        }
    }

    [Fact]
    public async Task TwoPerSecond_BurstOfTen_ThenTwoASecond()
    {
        await _harness.CreateQueueAsync("slow", q => q.RateLimits = new RateLimits { MaxDispatchesPerSecond = 2 });
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("slow"), CancellationToken.None);
        for (var i = 0; i < 30; i++)
        {
            await _harness.CreateHttpTaskAsync("slow");
        }
        await _harness.Engine.ResumeQueueAsync(_harness.QueueName("slow"), CancellationToken.None);

        await _harness.WaitForRequestsAsync(10);
        for (var step = 1; step <= 40; step++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(0.25));
            await _harness.WaitForRequestsAsync(10 + (step / 2));
        }

        Assert.Equal(30, _harness.Deliverer.Count);
        AssertWithinBucket(rate: 2, burst: 10);
        Assert.Equal(10, _harness.Deliverer.SentAt.Count(time => time == _harness.Deliverer.SentAt.First()));
    }

    [Fact]
    public async Task RetriesShareTheBucket()
    {
        await _harness.CreateQueueAsync("retrying", q =>
        {
            q.RateLimits = new RateLimits { MaxDispatchesPerSecond = 1 };
            q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(0), MaxBackoff = EngineHarness.Seconds(0), MaxAttempts = 3 };
        });
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(500));
        for (var i = 0; i < 8; i++)
        {
            await _harness.CreateHttpTaskAsync("retrying");
        }

        // 8 tasks × 3 attempts = 24 dispatches: 10 at once, then one a second.
        await _harness.WaitForRequestsAsync(10);
        for (var second = 1; second <= 14; second++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await _harness.WaitForRequestsAsync(10 + second);
        }

        Assert.Equal(24, _harness.Deliverer.Count);
        AssertWithinBucket(rate: 1, burst: 10);
    }
}
