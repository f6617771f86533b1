using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.Kernel.Signals;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Push;

/// <summary>
/// Pushes one subscription's messages to its endpoint, as Google does: a window of concurrent pushes that grows
/// on success and shrinks on failure, and a subscription-wide exponential backoff (100 ms to 60 s) after
/// failures, so a failing endpoint is never hammered and nothing is lost while it is down (each failed push is a
/// nack; the message waits in the backlog, for the retry policy's backoff too: a message is pushed again after the
/// longer of the two waits). The sink of a <see cref="ConsumerLoop"/> that runs on its own task from
/// start to <see cref="StopAsync"/>; a storage failure while leasing backs off the same way and the loop resumes.
/// </summary>
internal sealed partial class PushDispatcher : IMessageSink, IAsyncDisposable
{
    /// <summary>HTTP answers that acknowledge a push; anything else is a nack.</summary>
    private static readonly HashSet<int> AckStatusCodes = [102, 200, 201, 202, 204];

    /// <summary>Leases outlast the HTTP timeout by this much, so the push's own outcome decides, not the lease expiry.</summary>
    private const int LeaseMarginSeconds = 10;

    private readonly Subscription _subscription;
    private readonly IHttpDeliverer _deliverer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ExponentialBackoff _backoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60));
    private readonly AdaptiveWindow _window = new(initial: 3, minimum: 1, maximum: 1000);
    private readonly AsyncSignal _slotFreed = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConsumerLoop _consumer;
    private readonly Task _run;
    private int _inFlight;
    private int _consecutiveFailures;
    private long _pausedUntilTicks;
    private volatile BackoffWait? _backoffWait;

    public PushDispatcher(PubSubBroker broker, Subscription subscription, IHttpDeliverer deliverer, ILogger logger)
    {
        _subscription = subscription;
        _deliverer = deliverer;
        _time = broker.Time;
        _logger = logger;
        _consumer = broker.OpenPushConsumer(subscription, subscription.Settings.AckDeadlineSeconds + LeaseMarginSeconds);
        _consumer.Consumer.OneMessagePerOrderingKey = true;
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Pushes in flight; for tests and metrics.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The current window of concurrent pushes.</summary>
    public int WindowSize => _window.Size;

    /// <summary>
    /// While the loop waits out a backoff, the time it waits for; otherwise null. Only the clock reaching that time
    /// (or a stop) ends the wait, and the fake clock ends it inside <c>Advance</c>: a test that sees this set with
    /// nothing in flight knows that no push can start before then, without waiting to see none come.
    /// </summary>
    internal DateTimeOffset? BackingOffUntil => _backoffWait is { Delay.IsCompleted: false } wait ? wait.Until : null;

    /// <summary>Until when pushes are paused after failures; a time in the past once the pause is over.</summary>
    public DateTimeOffset PausedUntil => new(Volatile.Read(ref _pausedUntilTicks), TimeSpan.Zero);

    /// <summary>True once the loop has ended (stopped, or its subscription gone): it leases nothing more. For tests.</summary>
    internal bool HasStopped => _run.IsCompleted;

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _consumer.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // Ends only when the subscription is gone, which also stops this dispatcher.
                await _consumer.RunAsync(this, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Typically the log could not be read. The messages stay in the backlog; try again after a pause.
                LogLeaseFailed(_logger, _subscription.Name.FullName, BackOff(), exception);
            }
        }
    }

    /// <summary>Waits out the backoff and for a free slot in the window, then takes as many messages as the window has room for.</summary>
    public async ValueTask<int> WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pausedUntil = Volatile.Read(ref _pausedUntilTicks);
            var pause = TimeSpan.FromTicks(pausedUntil - _time.GetUtcNow().UtcTicks);
            if (pause > TimeSpan.Zero)
            {
                var delay = Task.Delay(pause, _time, cancellationToken);
                _backoffWait = new BackoffWait(new DateTimeOffset(pausedUntil, TimeSpan.Zero), delay);
                await delay.ConfigureAwait(false);
                continue;
            }
            var free = _window.Size - Volatile.Read(ref _inFlight);
            if (free > 0)
            {
                _consumer.Consumer.AckDeadlineSeconds = _subscription.Settings.AckDeadlineSeconds + LeaseMarginSeconds;
                return free;
            }
            await _slotFreed.WaitAsync(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts one push per message; each settles its own lease.</summary>
    public ValueTask<bool> DeliverAsync(IReadOnlyList<LeasedMessage> batch, CancellationToken cancellationToken)
    {
        // A push that failed after WaitForCapacityAsync looked may have nacked a message of this batch: its backoff
        // was set before that nack, so it shows here. The batch goes back unpushed and the loop waits the backoff out.
        if (Volatile.Read(ref _pausedUntilTicks) > _time.GetUtcNow().UtcTicks)
        {
            foreach (var message in batch)
            {
                _subscription.Abandon(message.AckId);
            }
            return ValueTask.FromResult(true);
        }
        foreach (var message in batch)
        {
            Interlocked.Increment(ref _inFlight);
            _ = PushAsync(message, cancellationToken);
        }
        return ValueTask.FromResult(true);
    }

    private async Task PushAsync(LeasedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var settings = _subscription.Settings;
            if (settings.PushConfig is not { } config)
            {
                _subscription.Abandon(message.AckId); // switched to pull meanwhile: no push was attempted
                return;
            }
            // Google's wrapper carries the attempt only with a dead-letter policy, as delivery_attempt is 0 without one.
            var deliveryAttempt = settings.DeadLetterPolicy is null ? (int?)null : message.DeliveryAttempt;
            var request = PushRequestBuilder.Build(_subscription.Name.FullName, config, message, deliveryAttempt,
                TimeSpan.FromSeconds(settings.AckDeadlineSeconds));
            var result = await _deliverer.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == DeliveryOutcome.Responded && AckStatusCodes.Contains(result.StatusCode))
            {
                _subscription.MarkActive(); // for the expiration policy; before the ack, which is what tests see
                _subscription.Counters.RecordPush(PushResponseClass.Ack);
                _subscription.Acknowledge(message.AckId);
                _window.OnSuccess();
                Interlocked.Exchange(ref _consecutiveFailures, 0);
            }
            else
            {
                LogPushFailed(_logger, _subscription.Name.FullName, message.MessageId, result.Outcome, result.StatusCode, result.Error);
                Fail(message);
                RecordFailure(PushResponseClasses.Of(result, acknowledged: false), DescribeFailure(result));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped (switched to pull, deleted, shutting down): the message goes back to the backlog at once, and
            // the cut-short push is no failed delivery attempt.
            _subscription.Abandon(message.AckId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogPushError(_logger, _subscription.Name.FullName, message.MessageId, exception);
            Fail(message);
            RecordFailure(PushResponseClass.Internal, exception.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _slotFreed.Set();
        }
    }

    /// <summary>Counts a failed push; after <see cref="Fail"/>, so whoever sees the count also sees the backoff it set.</summary>
    private void RecordFailure(PushResponseClass responseClass, string error)
    {
        _subscription.Counters.RecordPush(responseClass);
        _subscription.Counters.RecordPushFailure(error, _time.GetUtcNow());
    }

    private static string DescribeFailure(DeliveryResult result) => result.Outcome == DeliveryOutcome.Responded
        ? $"HTTP status code {result.StatusCode}"
        : $"{result.Outcome}: {result.Error}";

    /// <summary>
    /// Pauses the subscription's pushes, then nacks: in that order, so whoever leases the message again sees the
    /// pause, a loop the nack wakes as well as one already past its look at it (<see cref="DeliverAsync"/>).
    /// </summary>
    private void Fail(LeasedMessage message)
    {
        _window.OnFailure();
        BackOff();
        Nack(message);
    }

    /// <summary>Pauses every push of the subscription for the next step of the backoff, and returns the step.</summary>
    private TimeSpan BackOff()
    {
        var failures = Interlocked.Increment(ref _consecutiveFailures);
        var delay = _backoff.Delay(failures);
        InterlockedMax(ref _pausedUntilTicks, _time.GetUtcNow().UtcTicks + delay.Ticks);
        return delay;
    }

    private void Nack(LeasedMessage message) => _subscription.ModifyAckDeadline(message.AckId, 0);

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private sealed record BackoffWait(DateTimeOffset Until, Task Delay);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Push of message {MessageId} on {Subscription} failed: {Outcome} {StatusCode} {Error}")]
    private static partial void LogPushFailed(ILogger logger, string subscription, string messageId, DeliveryOutcome outcome, int statusCode, string? error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Push of message {MessageId} on {Subscription} failed unexpectedly")]
    private static partial void LogPushError(ILogger logger, string subscription, string messageId, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Leasing messages to push on {Subscription} failed; pushes resume in {Delay}")]
    private static partial void LogLeaseFailed(ILogger logger, string subscription, TimeSpan delay, Exception exception);
}
