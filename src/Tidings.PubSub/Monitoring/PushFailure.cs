namespace Tidings.PubSub.Monitoring;

/// <summary>The last failed push of a subscription: what went wrong (outcome, status or exception text) and when.</summary>
public sealed record PushFailure(string Error, DateTimeOffset Time);
