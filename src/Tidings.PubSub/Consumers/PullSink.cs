namespace Tidings.PubSub.Consumers;

/// <summary>A unary Pull's response: takes the first batch the loop leases, then ends the loop.</summary>
internal sealed class PullSink(int maxMessages) : IMessageSink
{
    public IReadOnlyList<LeasedMessage> Messages { get; private set; } = [];

    public ValueTask<int> WaitForCapacityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(maxMessages);

    public ValueTask<bool> DeliverAsync(IReadOnlyList<LeasedMessage> batch, CancellationToken cancellationToken)
    {
        Messages = [.. batch];
        return ValueTask.FromResult(false);
    }
}
