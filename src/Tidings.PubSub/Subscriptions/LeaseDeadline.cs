namespace Tidings.PubSub.Subscriptions;

/// <summary>A lease as an exactly-once subscription saves it: until when its message must not be delivered again.</summary>
internal readonly record struct LeaseDeadline(long Sequence, long DeadlineUnixMilliseconds);
