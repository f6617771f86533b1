namespace Tidings.Tasks.Iam;

/// <summary>
/// The Cloud Tasks permissions that apply to a queue (Google's roles and permissions list): what TestIamPermissions
/// answers of those asked. Tidings enforces no IAM, so a caller holds every one of them on a queue that exists.
/// </summary>
internal static class QueuePermissions
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "cloudtasks.queues.delete",
        "cloudtasks.queues.get",
        "cloudtasks.queues.getIamPolicy",
        "cloudtasks.queues.pause",
        "cloudtasks.queues.purge",
        "cloudtasks.queues.resume",
        "cloudtasks.queues.setIamPolicy",
        "cloudtasks.queues.update",
        "cloudtasks.tasks.create",
        "cloudtasks.tasks.delete",
        "cloudtasks.tasks.fullView",
        "cloudtasks.tasks.get",
        "cloudtasks.tasks.list",
        "cloudtasks.tasks.run",
    };
}
