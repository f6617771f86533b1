using Tidings.PubSub.Subscriptions;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Consumers;

/// <summary>A message handed to a subscriber together with its ack id and its delivery attempt (1 on first delivery).</summary>
public readonly record struct LeasedMessage(AckId AckId, string MessageId, StoredMessage Message, int DeliveryAttempt);
