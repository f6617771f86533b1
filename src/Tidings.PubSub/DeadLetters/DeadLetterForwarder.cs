using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.DeadLetters;

/// <summary>
/// Publishes messages whose delivery attempts are used up to their subscription's dead-letter topic, through the
/// broker's ordinary (durable) publish path, and only then marks the originals done, so a crash in between
/// forwards a message twice but never loses it. Runs off the delivery path, never under a subscription's lock:
/// one run per subscription at a time (<see cref="Subscription.TakeDeadLetters"/> hands it the waiting ones).
/// A dead-letter topic that is gone (deleted since the policy was set) or a failed write leaves the messages in
/// their subscription, delivered again; their next failure tries the forward again, as Google keeps delivering
/// a message it cannot dead-letter.
/// </summary>
internal sealed partial class DeadLetterForwarder(PubSubBroker broker, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<Task, byte> _runs = new();
    private volatile bool _stopping;

    /// <summary>Starts a run for a subscription that has dead letters waiting and no run yet.</summary>
    public void Start(Subscription subscription)
    {
        if (_stopping)
        {
            return; // shutting down: the messages stay in their subscription and are delivered after the restart
        }
        var run = Task.Run(() => RunAsync(subscription));
        _runs.TryAdd(run, 0);
        _ = run.ContinueWith(static (done, runs) => ((ConcurrentDictionary<Task, byte>)runs!).TryRemove(done, out _),
            _runs, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(Subscription subscription)
    {
        while (!_stopping)
        {
            var deadLetters = subscription.TakeDeadLetters();
            if (deadLetters.Count == 0)
            {
                return;
            }
            await ForwardAsync(subscription, deadLetters).ConfigureAwait(false);
        }
    }

    private async Task ForwardAsync(Subscription subscription, List<(long Sequence, int Attempts)> deadLetters)
    {
        if (subscription.Settings.DeadLetterPolicy is not { } policy)
        {
            subscription.CompleteDeadLetters(deadLetters, forwarded: false); // policy removed since: deliver them again
            return;
        }
        try
        {
            var messages = new List<PublishMessage>(deadLetters.Count);
            foreach (var (sequence, attempts) in deadLetters)
            {
                if (subscription.TryReadDeadLetter(sequence, out var message))
                {
                    messages.Add(DeadLetterMessage.Create(subscription, message, attempts));
                }
            }
            if (messages.Count > 0)
            {
                await broker.PublishDeadLettersAsync(policy.DeadLetterTopic, messages).ConfigureAwait(false);
            }
            subscription.CompleteDeadLetters(deadLetters, forwarded: true);
            LogForwarded(logger, messages.Count, subscription.Name.FullName, policy.DeadLetterTopic);
        }
        catch (TidingsException exception) when (exception.Code == ErrorCode.NotFound)
        {
            LogTopicMissing(logger, policy.DeadLetterTopic, subscription.Name.FullName, deadLetters.Count);
            subscription.CompleteDeadLetters(deadLetters, forwarded: false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogForwardFailed(logger, deadLetters.Count, subscription.Name.FullName, policy.DeadLetterTopic, exception);
            subscription.CompleteDeadLetters(deadLetters, forwarded: false);
        }
    }

    /// <summary>Lets the runs finish what they took (their publishes complete or fail) and starts no more.</summary>
    public void Dispose()
    {
        _stopping = true;
        Task.WaitAll([.. _runs.Keys]);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Forwarded {Count} messages of {Subscription} to the dead-letter topic {Topic}")]
    private static partial void LogForwarded(ILogger logger, int count, string subscription, string topic);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "The dead-letter topic {Topic} of {Subscription} does not exist; its {Count} dead letters stay in the subscription and are delivered again")]
    private static partial void LogTopicMissing(ILogger logger, string topic, string subscription, int count);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Forwarding {Count} messages of {Subscription} to the dead-letter topic {Topic} failed; they stay in the subscription and are delivered again")]
    private static partial void LogForwardFailed(ILogger logger, int count, string subscription, string topic, Exception exception);
}
