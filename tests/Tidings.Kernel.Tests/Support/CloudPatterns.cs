using Tidings.Kernel.Names;

namespace Tidings.Kernel.Tests.Support;

/// <summary>
/// The location-scoped names Cloud Tasks and Cloud Scheduler use, with the id rules their protos document: project
/// ids of letters, digits and <c>-:.</c>; queue ids of letters, digits and <c>-</c> up to 100 characters; task and job
/// ids of letters, digits, <c>-</c> and <c>_</c>, 1 to 500 characters. Location ids are taken as given.
/// </summary>
internal static class CloudPatterns
{
    public static readonly ResourcePattern Project = ResourcePattern.Root("projects", SegmentRules.Characters("-:.", 1, 100));

    public static readonly ResourcePattern Location = Project.Child("locations", SegmentRules.NonEmpty);

    public static readonly ResourcePattern Queue = Location.Child("queues", SegmentRules.Characters("-", 1, 100));

    public static readonly ResourcePattern Task = Queue.Child("tasks", SegmentRules.Characters("-_", 1, 500));

    public static readonly ResourcePattern Job = Location.Child("jobs", SegmentRules.Characters("-_", 1, 500));

    /// <summary>The project-scoped form, <c>projects/{project}/topics/{topic}</c>.</summary>
    public static readonly ResourcePattern Topic = Project.Child("topics", SegmentRules.NonEmpty);
}
