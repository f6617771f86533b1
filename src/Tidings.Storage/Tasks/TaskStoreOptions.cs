namespace Tidings.Storage.Tasks;

/// <summary>How long a task store keeps deleted names reserved.</summary>
public sealed record TaskStoreOptions
{
    /// <summary>
    /// How long a deleted or finished task's name cannot be used again. Default 1 hour, Cloud Tasks' documented
    /// de-duplication window (its 2026 text allows up to 24 hours).
    /// </summary>
    public TimeSpan TaskNameReservation { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a deleted queue's name cannot be used again. Default 7 days, Cloud Tasks' documented quota (its
    /// 2026 text says up to 3 days).
    /// </summary>
    public TimeSpan QueueNameReservation { get; init; } = TimeSpan.FromDays(7);
}
