using System.Diagnostics.CodeAnalysis;
using Tidings.Kernel.Names;

namespace Tidings.Tasks.Names;

/// <summary>
/// The shapes of Cloud Tasks' resource names and their id rules (reference §1.2): a project id of letters, digits,
/// <c>-</c>, <c>:</c> and <c>.</c>; any location id of letters, digits and <c>-</c> (Google checks it against its
/// regions, a self-hosted server accepts any); a queue id of letters, digits and <c>-</c>, at most 100 characters;
/// a task id of letters, digits, <c>-</c> and <c>_</c>, 1 to 500 characters.
/// </summary>
internal static class TasksNames
{
    public const int MaxQueueIdLength = 100;
    public const int MaxTaskIdLength = 500;

    public static ResourcePattern Location { get; } = ResourcePattern
        .Root("projects", SegmentRules.Characters("-:.", 1, 100))
        .Child("locations", SegmentRules.Characters("-", 1, 100));

    public static ResourcePattern Queue { get; } = Location.Child("queues", SegmentRules.Characters("-", 1, MaxQueueIdLength));

    public static ResourcePattern Task { get; } = Queue.Child("tasks", SegmentRules.Characters("-_", 1, MaxTaskIdLength));

    /// <summary>
    /// A task name whose queue part is valid and whose last segment is any non-empty id: what tells a bad task id
    /// (Google's task id text) apart from a name of the wrong shape.
    /// </summary>
    private static ResourcePattern AnyTaskId { get; } = Queue.Child("tasks", SegmentRules.NonEmpty);

    public static bool IsValidTaskId(string id) => Task.TryParse($"projects/p/locations/l/queues/q/tasks/{id}", out _);

    /// <summary>Splits a task name of the right shape into its queue and its (possibly invalid) id.</summary>
    public static bool TrySplitTaskName(string name, [NotNullWhen(true)] out ResourcePath? queue, [NotNullWhen(true)] out string? taskId)
    {
        queue = null;
        taskId = null;
        if (!AnyTaskId.TryParse(name, out var path))
        {
            return false;
        }
        queue = path.Parent!;
        taskId = path.Id;
        return true;
    }
}
