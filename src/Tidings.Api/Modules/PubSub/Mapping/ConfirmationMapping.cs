using Google.Cloud.PubSub.V1;
using Tidings.PubSub.ExactlyOnce;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Exactly-once outcomes of in-stream acks and deadline changes as StreamingPull's confirmations.</summary>
internal static class ConfirmationMapping
{
    /// <summary>A response confirming what the request asked for (a kind of confirmation only where ids of that kind came).</summary>
    public static StreamingPullResponse ToResponse(AckConfirmation acks, AckConfirmation deadlines)
    {
        var response = new StreamingPullResponse();
        if (acks.Count > 0)
        {
            var confirmation = new StreamingPullResponse.Types.AcknowledgeConfirmation();
            confirmation.AckIds.Add(acks.Succeeded);
            confirmation.InvalidAckIds.Add(acks.Invalid);
            confirmation.UnorderedAckIds.Add(acks.Unordered);
            confirmation.TemporaryFailedAckIds.Add(acks.TemporarilyFailed);
            response.AcknowledgeConfirmation = confirmation;
        }
        if (deadlines.Count > 0)
        {
            var confirmation = new StreamingPullResponse.Types.ModifyAckDeadlineConfirmation();
            confirmation.AckIds.Add(deadlines.Succeeded);
            confirmation.InvalidAckIds.Add(deadlines.Invalid);
            confirmation.TemporaryFailedAckIds.Add(deadlines.TemporarilyFailed);
            response.ModifyAckDeadlineConfirmation = confirmation;
        }
        return response;
    }
}
