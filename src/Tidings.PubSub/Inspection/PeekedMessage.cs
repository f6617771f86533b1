using Tidings.Storage.Messages;

namespace Tidings.PubSub.Inspection;

/// <summary>A message still to be acknowledged, as an operator sees it: looking changes nothing.</summary>
/// <param name="MessageId">The id the publisher got back.</param>
/// <param name="Message">The stored message (data, attributes, ordering key, publish time).</param>
/// <param name="State">Where it stands in the subscription.</param>
/// <param name="DeliveryAttempts">Deliveries made so far (0 when never delivered).</param>
public sealed record PeekedMessage(string MessageId, StoredMessage Message, PeekedMessageState State, int DeliveryAttempts);
