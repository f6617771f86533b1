using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// Retries on the fake clock: each failure schedules the next attempt the backoff after it, and the task is deleted
/// (its name reserved) once max attempts and max retry duration are both used up.
/// </summary>
public sealed class RetryScheduleTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(500));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>Fails the task's attempts one after another; returns the delay before each retry.</summary>
    private async Task<List<double>> FailAsync(string queue, string id, int attempts)
    {
        var delays = new List<double>();
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await _harness.WaitForAttemptsAsync(queue, attempt);
            if (attempt == attempts)
            {
                break;
            }
            var task = await _harness.GetTaskAsync(_harness.TaskName(queue, id));
            var delay = task.ScheduleTime.ToDateTimeOffset() - _harness.Time.GetUtcNow();
            delays.Add(delay.TotalSeconds);
            _harness.Time.Advance(delay);
        }
        return delays;
    }

    [Fact]
    public async Task GooglesExample_RetriesAfter10_20_40_80_160_240_300_300_ThenGivesUp()
    {
        await _harness.CreateQueueAsync("example", q => q.RetryConfig = new RetryConfig
        {
            MinBackoff = EngineHarness.Seconds(10),
            MaxBackoff = EngineHarness.Seconds(300),
            MaxDoublings = 3,
            MaxAttempts = 9,
        });
        await _harness.CreateHttpTaskAsync("example", "t");

        var delays = await FailAsync("example", "t", 9);

        Assert.Equal([10, 20, 40, 80, 160, 240, 300, 300], delays);
        var gone = await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("example", "t")));
        Assert.StartsWith("The task no longer exists", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxAttemptsUsed_ButRetryDurationLeft_KeepsRetryingUntilItIsUsedToo()
    {
        await _harness.CreateQueueAsync("both", q => q.RetryConfig = new RetryConfig
        {
            MinBackoff = EngineHarness.Seconds(10),
            MaxBackoff = EngineHarness.Seconds(10),
            MaxAttempts = 2,
            MaxRetryDuration = EngineHarness.Seconds(60),
        });
        await _harness.CreateHttpTaskAsync("both", "t");

        // Attempts at 0, 10, …, 60 s: the one at 60 s has used both limits.
        var delays = await FailAsync("both", "t", 7);

        Assert.Equal(6, delays.Count);
        await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("both", "t")));
        Assert.Equal(7, _harness.Deliverer.Count);
    }

    [Fact]
    public async Task OneAttempt_NoRetry()
    {
        await _harness.CreateQueueAsync("once", q => q.RetryConfig = new RetryConfig { MaxAttempts = 1 });
        await _harness.CreateHttpTaskAsync("once", "t");

        await _harness.WaitForAttemptsAsync("once", 1);

        await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("once", "t")));
    }

    [Fact]
    public async Task UnlimitedAttemptsAndDuration_KeepsRetrying()
    {
        await _harness.CreateQueueAsync("forever", q => q.RetryConfig = new RetryConfig
        {
            MinBackoff = EngineHarness.Seconds(1),
            MaxBackoff = EngineHarness.Seconds(1),
            MaxAttempts = -1,
        });
        await _harness.CreateHttpTaskAsync("forever", "t");

        await FailAsync("forever", "t", 150);

        var task = await _harness.GetTaskAsync(_harness.TaskName("forever", "t"));
        Assert.Equal(150, task.DispatchCount);
    }
}
