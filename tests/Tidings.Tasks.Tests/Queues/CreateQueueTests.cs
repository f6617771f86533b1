using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Queues;

/// <summary>CreateQueue: Google's defaults for a queue without settings, the burst the server picks, names and ranges refused.</summary>
public sealed class CreateQueueTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task CreateQueue_WithoutSettings_GetsGoogleDefaults()
    {
        var queue = await _harness.CreateQueueAsync("defaults");

        Assert.Equal(_harness.QueueName("defaults"), queue.Name);
        Assert.Equal(Queue.Types.State.Running, queue.State);
        Assert.Equal(500, queue.RateLimits.MaxDispatchesPerSecond);
        Assert.Equal(100, queue.RateLimits.MaxBurstSize);
        Assert.Equal(1000, queue.RateLimits.MaxConcurrentDispatches);
        Assert.Equal(100, queue.RetryConfig.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(100), queue.RetryConfig.MinBackoff.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(3600), queue.RetryConfig.MaxBackoff.ToTimeSpan());
        Assert.Equal(16, queue.RetryConfig.MaxDoublings);
        Assert.Null(queue.RetryConfig.MaxRetryDuration);
        Assert.Null(queue.PurgeTime);
        Assert.Equal(queue, _harness.Engine.GetQueue(queue.Name));
    }

    [Theory]
    [InlineData(500, 100)]
    [InlineData(50, 50)]
    [InlineData(5, 10)]
    [InlineData(0.5, 10)]
    public async Task CreateQueue_Rate_ServerPicksTheBurst(double rate, int burst)
    {
        var queue = await _harness.CreateQueueAsync("rated", q => q.RateLimits = new RateLimits { MaxDispatchesPerSecond = rate, MaxBurstSize = 3 });

        Assert.Equal(rate, queue.RateLimits.MaxDispatchesPerSecond);
        Assert.Equal(burst, queue.RateLimits.MaxBurstSize);
    }

    [Fact]
    public async Task CreateQueue_OutputOnlyFields_AreIgnored()
    {
        var queue = await _harness.CreateQueueAsync("outputs", q =>
        {
            q.State = Queue.Types.State.Paused;
            q.PurgeTime = Timestamp.FromDateTimeOffset(EngineHarness.Start);
        });

        Assert.Equal(Queue.Types.State.Running, queue.State);
        Assert.Null(queue.PurgeTime);
    }

    [Fact]
    public async Task CreateQueue_Settings_AreKept()
    {
        var queue = await _harness.CreateQueueAsync("tuned", q =>
        {
            q.RateLimits = new RateLimits { MaxDispatchesPerSecond = 2, MaxConcurrentDispatches = 3 };
            q.RetryConfig = new RetryConfig
            {
                MaxAttempts = -1,
                MaxRetryDuration = EngineHarness.Seconds(600),
                MinBackoff = EngineHarness.Seconds(1),
                MaxBackoff = EngineHarness.Seconds(10),
                MaxDoublings = 2,
            };
            q.StackdriverLoggingConfig = new StackdriverLoggingConfig { SamplingRatio = 0.5 };
        });

        Assert.Equal(3, queue.RateLimits.MaxConcurrentDispatches);
        Assert.Equal(-1, queue.RetryConfig.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(600), queue.RetryConfig.MaxRetryDuration.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(1), queue.RetryConfig.MinBackoff.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(10), queue.RetryConfig.MaxBackoff.ToTimeSpan());
        Assert.Equal(2, queue.RetryConfig.MaxDoublings);
        Assert.Equal(0.5, queue.StackdriverLoggingConfig.SamplingRatio);
    }

    [Fact]
    public async Task CreateQueue_Twice_AlreadyExists()
    {
        await _harness.CreateQueueAsync("twice");

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateQueueAsync("twice"));

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        Assert.Equal("Queue already exists", error.Message);
    }

    [Theory]
    [InlineData("projects/p/locations/us-central1/queues/under_score")]
    [InlineData("projects/p/locations/us-central1/queues/")]
    [InlineData("projects/p/locations/us-central1/queue/q")]
    [InlineData("q")]
    public async Task CreateQueue_BadName_InvalidArgumentWithGoogleText(string name)
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.CreateQueueAsync(_harness.Location, new Queue { Name = name }, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("Queue name must be formatted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateQueue_IdOf100Characters_IsAccepted_101Refused()
    {
        await _harness.CreateQueueAsync(new string('a', 100));

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateQueueAsync(new string('b', 101)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task CreateQueue_InAnotherLocationThanTheParent_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.CreateQueueAsync("projects/p/locations/europe-west1", new Queue { Name = _harness.QueueName("elsewhere") }, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Theory]
    [InlineData(501, 0, 0)]
    [InlineData(-1, 0, 0)]
    [InlineData(0, 5001, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 0, -2)]
    public async Task CreateQueue_SettingOutOfRange_InvalidArgument(double rate, int concurrent, int attempts)
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateQueueAsync("bad", q =>
        {
            q.RateLimits = new RateLimits { MaxDispatchesPerSecond = rate, MaxConcurrentDispatches = concurrent };
            q.RetryConfig = new RetryConfig { MaxAttempts = attempts };
        }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("Invalid value for ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateQueue_MinBackoffAboveMaxBackoff_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateQueueAsync("backwards", q =>
            q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(20), MaxBackoff = EngineHarness.Seconds(10) }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }
}
