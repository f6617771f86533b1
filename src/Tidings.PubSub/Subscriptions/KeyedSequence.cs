namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// A message with an ordering key that <see cref="OrderingKeys"/> tracks: its key, where it stands, and how many
/// times it was delivered (including the current delivery while in flight).
/// </summary>
internal readonly record struct KeyedSequence(OrderingKey Key, KeyedSequenceState State, int Attempts);
