using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.Kernel.Signals;
using Tidings.PubSub.Delivery;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Push;

/// <summary>
/// Pushes one subscription's messages to its endpoint, as Google does: a window of concurrent pushes that grows
/// on success and shrinks on failure, and a subscription-wide exponential backoff (100 ms to 60 s) after
/// failures, so a failing endpoint is never hammered and nothing is lost while it is down (each failed push is a
/// nack; the message waits in the backlog). Runs on its own task from start to <see cref="StopAsync"/>.
/// </summary>
internal sealed partial class PushDispatcher : IAsyncDisposable
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
    private readonly MessageConsumer _consumer;
    private readonly Task _loop;
    private int _inFlight;
    private int _consecutiveFailures;
    private long _pausedUntilTicks;

    public PushDispatcher(Subscription subscription, IHttpDeliverer deliverer, TimeProvider time, ILogger logger)
    {
        _subscription = subscription;
        _deliverer = deliverer;
        _time = time;
        _logger = logger;
        _consumer = subscription.AddConsumer(subscription.Settings.AckDeadlineSeconds + LeaseMarginSeconds, 0, 0);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Pushes in flight; for tests and metrics.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The current window of concurrent pushes.</summary>
    public int WindowSize => _window.Size;

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _subscription.RemoveConsumer(_consumer);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var leased = new List<LeasedMessage>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var pause = TimeSpan.FromTicks(Volatile.Read(ref _pausedUntilTicks) - _time.GetUtcNow().UtcTicks);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var free = _window.Size - Volatile.Read(ref _inFlight);
            if (free <= 0)
            {
                await _slotFreed.WaitAsync(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            _consumer.AckDeadlineSeconds = _subscription.Settings.AckDeadlineSeconds + LeaseMarginSeconds;
            leased.Clear();
            if (_subscription.Lease(_consumer, free, PubSubBroker.MaxBytesPerResponse, leased) == 0)
            {
                await _consumer.WaitAsync(TimeSpan.FromMinutes(1), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            foreach (var message in leased)
            {
                Interlocked.Increment(ref _inFlight);
                _ = PushAsync(message, cancellationToken);
            }
        }
    }

    private async Task PushAsync(LeasedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var settings = _subscription.Settings;
            if (settings.PushConfig is not { } config)
            {
                Nack(message);
                return;
            }
            var request = PushRequestBuilder.Build(_subscription.Name.FullName, config, message, deliveryAttempt: null,
                TimeSpan.FromSeconds(settings.AckDeadlineSeconds));
            var result = await _deliverer.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == DeliveryOutcome.Responded && AckStatusCodes.Contains(result.StatusCode))
            {
                _subscription.Acknowledge(AckIdOf(message));
                _window.OnSuccess();
                Interlocked.Exchange(ref _consecutiveFailures, 0);
            }
            else
            {
                LogPushFailed(_logger, _subscription.Name.FullName, message.MessageId, result.Outcome, result.StatusCode, result.Error);
                Fail(message);
            }
        }
        catch (OperationCanceledException)
        {
            Nack(message); // stopped (switched to pull, deleted): the message goes back to the backlog at once
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogPushError(_logger, _subscription.Name.FullName, message.MessageId, exception);
            Fail(message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _slotFreed.Set();
        }
    }

    /// <summary>Pauses the subscription's pushes, then nacks: in that order, so the nack cannot wake the loop first.</summary>
    private void Fail(LeasedMessage message)
    {
        _window.OnFailure();
        var failures = Interlocked.Increment(ref _consecutiveFailures);
        var until = _time.GetUtcNow().UtcTicks + _backoff.Delay(failures).Ticks;
        InterlockedMax(ref _pausedUntilTicks, until);
        Nack(message);
    }

    private void Nack(LeasedMessage message) => _subscription.ModifyAckDeadline(AckIdOf(message), 0);

    private static AckId AckIdOf(LeasedMessage message) =>
        AckId.TryParse(message.AckId, out var ackId) ? ackId : throw new InvalidOperationException($"Malformed ack id {message.AckId}.");

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

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Push of message {MessageId} on {Subscription} failed: {Outcome} {StatusCode} {Error}")]
    private static partial void LogPushFailed(ILogger logger, string subscription, string messageId, DeliveryOutcome outcome, int statusCode, string? error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Push of message {MessageId} on {Subscription} failed unexpectedly")]
    private static partial void LogPushError(ILogger logger, string subscription, string messageId, Exception exception);
}
