using Tidings.PubSub.DeadLetters;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// Messages whose delivery attempts are used up, with those attempts, from the failure that used them up until
    /// the forwarder has published them to the dead-letter topic (then they are done) or could not (then they are
    /// queued for delivery again). Neither deliverable nor done meanwhile, so the log keeps them.
    /// </summary>
    private readonly Dictionary<long, int> _deadLetters = [];

    /// <summary>The sequences of <see cref="_deadLetters"/> the forwarder has not taken yet.</summary>
    private List<long> _deadLettersToTake = [];

    /// <summary>Set while a forwarder run owns this subscription's dead letters; at most one runs at a time.</summary>
    private bool _forwarding;

    /// <summary>Publishes dead letters for this subscription; null where none is wired (then they stay queued).</summary>
    internal DeadLetterForwarder? DeadLetterForwarder { get; init; }

    /// <summary>Lock must be held.</summary>
    private void QueueDeadLetter(long sequence, int attempts)
    {
        _deadLetters[sequence] = attempts;
        _deadLettersToTake.Add(sequence);
        NoteFailedAttempts();
    }

    /// <summary>Starts a forwarder run if dead letters wait and none runs yet. Never under the lock.</summary>
    private void StartForwardingDeadLetters()
    {
        if (DeadLetterForwarder is not { } forwarder)
        {
            return;
        }
        lock (_lock)
        {
            if (_forwarding || _deadLettersToTake.Count == 0)
            {
                return;
            }
            _forwarding = true;
        }
        forwarder.Start(this);
    }

    /// <summary>
    /// Hands the waiting dead letters to the running forwarder; an empty answer ends its run (in the same hold of
    /// the lock, so a dead letter queued after it starts a new run).
    /// </summary>
    internal List<(long Sequence, int Attempts)> TakeDeadLetters()
    {
        lock (_lock)
        {
            var taken = new List<(long, int)>(_deadLettersToTake.Count);
            foreach (var sequence in _deadLettersToTake)
            {
                if (_deadLetters.TryGetValue(sequence, out var attempts))
                {
                    taken.Add((sequence, attempts));
                }
            }
            _deadLettersToTake = [];
            _forwarding = taken.Count > 0;
            return taken;
        }
    }

    /// <summary>Reads a dead letter for forwarding, without the lock (the log keeps it until it is completed).</summary>
    internal bool TryReadDeadLetter(long sequence, out StoredMessage message) => Topic.Log.TryRead(sequence, out message);

    /// <summary>
    /// Settles dead letters the forwarder took: forwarded ones are done, as if acked; the others are queued for
    /// delivery again (Google keeps delivering a message it cannot forward) and fail over to the dead-letter topic
    /// again at their next failure. Ones acked or dropped meanwhile are skipped.
    /// </summary>
    internal void CompleteDeadLetters(IReadOnlyList<(long Sequence, int Attempts)> deadLetters, bool forwarded)
    {
        var floorMoved = false;
        var returned = false;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            foreach (var (sequence, attempts) in deadLetters)
            {
                if (!_deadLetters.Remove(sequence))
                {
                    continue;
                }
                if (forwarded)
                {
                    Counters.RecordDeadLettered();
                    floorMoved |= MarkDone(sequence);
                }
                else
                {
                    QueueRedelivery(sequence, attempts, now);
                    returned = true;
                }
            }
        }
        if (floorMoved)
        {
            Topic.OnAckFloorAdvanced(AckFloor);
        }
        if (returned)
        {
            NotifyMessagesAvailable();
        }
    }

    /// <summary>For tests: the messages waiting to be forwarded or being forwarded.</summary>
    internal int DeadLettersInFlight
    {
        get { lock (_lock) { return _deadLetters.Count; } }
    }
}
