namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// Failed deliveries of messages restored at start-up and not delivered again yet, by sequence: the cursor
    /// picks them up, so delivery attempts count on across a restart. A restart itself is no failed attempt.
    /// </summary>
    private readonly Dictionary<long, int> _restoredFailures = [];

    /// <summary>
    /// Only subscriptions whose policies use the count (dead-letter attempts, retry backoff) checkpoint it, so
    /// others write no more than before.
    /// </summary>
    private bool CheckpointsFailedAttempts => Settings.DeadLetterPolicy is not null || Settings.RetryPolicy is not null;

    /// <summary>Marks the ack state changed when a failed attempt was recorded that the checkpoint keeps. Lock must be held.</summary>
    private void NoteFailedAttempts()
    {
        if (CheckpointsFailedAttempts)
        {
            NoteAckStateChanged();
        }
    }

    /// <summary>The failed deliveries a message had before the restart (0 if none), forgotten once taken. Lock must be held.</summary>
    private int TakeRestoredFailures(long sequence) =>
        _restoredFailures.Count > 0 && _restoredFailures.Remove(sequence, out var failures) ? failures : 0;

    /// <summary>
    /// Every message not done that failed at least once, with its failures: waiting for redelivery, being read
    /// for it, leased again (its current attempt has not failed), being dead-lettered, waiting in its ordering key,
    /// or restored and not yet reached by the cursor. Lock must be held.
    /// </summary>
    private (long Sequence, int Failures)[] SnapshotFailedAttempts()
    {
        if (!CheckpointsFailedAttempts)
        {
            return [];
        }
        var failed = new List<(long, int)>();
        AddFailures(failed, _pending);
        AddFailures(failed, _claims);
        AddFailures(failed, _deadLetters);
        _ordering?.AddFailures(failed);
        foreach (var lease in _leases.Values)
        {
            if (lease.DeliveryAttempt > 1)
            {
                failed.Add((lease.Sequence, lease.DeliveryAttempt - 1));
            }
        }
        foreach (var (sequence, failures) in _restoredFailures)
        {
            if (sequence >= _cursor && !_acked.Contains(sequence))
            {
                failed.Add((sequence, failures));
            }
        }
        return [.. failed];
    }

    private static void AddFailures(List<(long, int)> into, Dictionary<long, int> attempts)
    {
        foreach (var (sequence, failures) in attempts)
        {
            if (failures > 0)
            {
                into.Add((sequence, failures));
            }
        }
    }
}
