using Tidings.Delivery;

namespace Tidings.PubSub.Monitoring;

/// <summary>Classifies push outcomes and names the classes as Google's label values do.</summary>
public static class PushResponseClasses
{
    /// <summary>Every class, in <see cref="PushResponseClass"/> order (the enum's values are 0 to Count - 1).</summary>
    public static IReadOnlyList<PushResponseClass> All { get; } = Enum.GetValues<PushResponseClass>();

    /// <summary>The <c>response_class</c> label value Google uses.</summary>
    public static string LabelValue(PushResponseClass responseClass) => responseClass switch
    {
        PushResponseClass.Ack => "ack",
        PushResponseClass.DeadlineExceeded => "deadline_exceeded",
        PushResponseClass.Internal => "internal",
        PushResponseClass.Invalid => "invalid",
        PushResponseClass.RemoteServer4xx => "remote_server_4xx",
        PushResponseClass.RemoteServer5xx => "remote_server_5xx",
        PushResponseClass.Unreachable => "unreachable",
        _ => throw new ArgumentOutOfRangeException(nameof(responseClass)),
    };

    internal static PushResponseClass Of(DeliveryResult result, bool acknowledged) => result.Outcome switch
    {
        _ when acknowledged => PushResponseClass.Ack,
        DeliveryOutcome.Responded => result.StatusCode switch
        {
            >= 400 and < 500 => PushResponseClass.RemoteServer4xx,
            >= 500 and < 600 => PushResponseClass.RemoteServer5xx,
            _ => PushResponseClass.Invalid,
        },
        DeliveryOutcome.TimedOut => PushResponseClass.DeadlineExceeded,
        _ => PushResponseClass.Unreachable,
    };
}
