namespace Tidings.Storage.Tasks;

/// <summary>One page of a queue's tasks in task id order; <see cref="NextPageToken"/> is "" on the last page.</summary>
public sealed record TaskPage(IReadOnlyList<StoredTask> Tasks, string NextPageToken);
