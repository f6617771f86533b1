using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Queues;

/// <summary>UpdateQueue: the mask's fields change and no others, an empty mask replaces all, a missing queue is created.</summary>
public sealed class UpdateQueueTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<Queue> UpdateAsync(Queue queue, params string[] paths) =>
        _harness.Engine.UpdateQueueAsync(queue, new FieldMask { Paths = { paths } }, CancellationToken.None);

    [Theory]
    [InlineData("rate_limits.max_dispatches_per_second")]
    [InlineData("rateLimits.maxDispatchesPerSecond")]
    public async Task UpdateQueue_MaskNamesTheRate_OnlyTheRateAndItsBurstChange(string path)
    {
        await _harness.CreateQueueAsync("masked", q => q.RetryConfig = new RetryConfig { MaxAttempts = 7 });

        var updated = await UpdateAsync(new Queue
        {
            Name = _harness.QueueName("masked"),
            RateLimits = new RateLimits { MaxDispatchesPerSecond = 20, MaxConcurrentDispatches = 9 },
            RetryConfig = new RetryConfig { MaxAttempts = 1 },
        }, path);

        Assert.Equal(20, updated.RateLimits.MaxDispatchesPerSecond);
        Assert.Equal(20, updated.RateLimits.MaxBurstSize);
        Assert.Equal(1000, updated.RateLimits.MaxConcurrentDispatches);
        Assert.Equal(7, updated.RetryConfig.MaxAttempts);
        Assert.Equal(updated, _harness.Engine.GetQueue(updated.Name));
    }

    [Fact]
    public async Task UpdateQueue_EmptyMask_ReplacesEveryField_UnsetOnesGetDefaults()
    {
        await _harness.CreateQueueAsync("replaced", q => q.RetryConfig = new RetryConfig { MaxAttempts = 7 });

        var updated = await _harness.Engine.UpdateQueueAsync(new Queue
        {
            Name = _harness.QueueName("replaced"),
            RateLimits = new RateLimits { MaxConcurrentDispatches = 4 },
        }, updateMask: null, CancellationToken.None);

        Assert.Equal(4, updated.RateLimits.MaxConcurrentDispatches);
        Assert.Equal(500, updated.RateLimits.MaxDispatchesPerSecond);
        Assert.Equal(100, updated.RetryConfig.MaxAttempts);
    }

    [Fact]
    public async Task UpdateQueue_Missing_CreatesIt()
    {
        var created = await UpdateAsync(new Queue
        {
            Name = _harness.QueueName("upserted"),
            RetryConfig = new RetryConfig { MaxAttempts = 3 },
        }, "retry_config.max_attempts");

        Assert.Equal(Queue.Types.State.Running, created.State);
        Assert.Equal(3, created.RetryConfig.MaxAttempts);
        Assert.Equal(500, created.RateLimits.MaxDispatchesPerSecond);
        Assert.Equal(created, _harness.Engine.GetQueue(created.Name));
    }

    [Fact]
    public async Task UpdateQueue_OutputOnlyFieldsInTheMask_AreIgnored()
    {
        await _harness.CreateQueueAsync("paused");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("paused"), CancellationToken.None);

        var updated = await UpdateAsync(new Queue
        {
            Name = _harness.QueueName("paused"),
            State = Queue.Types.State.Running,
            RateLimits = new RateLimits { MaxBurstSize = 1 },
        }, "state", "rate_limits.max_burst_size", "purge_time");

        Assert.Equal(Queue.Types.State.Paused, updated.State);
        Assert.Equal(100, updated.RateLimits.MaxBurstSize);
    }

    [Fact]
    public async Task UpdateQueue_UnknownMaskPath_InvalidArgument()
    {
        await _harness.CreateQueueAsync("strict");

        var error = await Assert.ThrowsAsync<TidingsException>(() => UpdateAsync(new Queue { Name = _harness.QueueName("strict") }, "colour"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid update_mask: 'colour' is not a field of Queue that can be updated.", error.Message);
    }

    [Fact]
    public async Task UpdateQueue_WholeRetryConfig_ReplacesIt()
    {
        await _harness.CreateQueueAsync("retries", q => q.RetryConfig = new RetryConfig { MaxAttempts = 7, MaxDoublings = 3 });

        var updated = await UpdateAsync(new Queue
        {
            Name = _harness.QueueName("retries"),
            RetryConfig = new RetryConfig { MaxAttempts = 2 },
        }, "retry_config");

        Assert.Equal(2, updated.RetryConfig.MaxAttempts);
        Assert.Equal(16, updated.RetryConfig.MaxDoublings);
    }
}
