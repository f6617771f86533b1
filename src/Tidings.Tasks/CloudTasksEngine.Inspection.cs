using Google.Cloud.Tasks.V2;

namespace Tidings.Tasks;

/// <summary>Read-only views for operators (the web console).</summary>
public sealed partial class CloudTasksEngine
{
    /// <summary>Every queue of every project and location (not those being deleted), in name order.</summary>
    public IReadOnlyList<Queue> ListAllQueues() =>
        [.. _queues.Values
            .Where(entry => !entry.IsClosed)
            .Select(entry => entry.Definition.Clone())
            .OrderBy(queue => queue.Name, StringComparer.Ordinal)];
}
