using Tidings.Kernel.Names;
using Tidings.Scheduler.Errors;

namespace Tidings.Scheduler.Names;

/// <summary>
/// Cloud Scheduler's names: <c>projects/{project}/locations/{location}</c> (a job's parent) and
/// <c>projects/{project}/locations/{location}/jobs/{job}</c>. Any project and location is accepted and isolated from
/// the others; ids follow Google's documented characters.
/// </summary>
public static class JobNames
{
    /// <summary>Project ids: letters, digits, hyphens, colons and periods, as Google documents them.</summary>
    public static readonly ResourcePattern Project = ResourcePattern.Root("projects", SegmentRules.Characters("-:.", 1, 100));

    /// <summary>Location ids: letters, digits and hyphens (<c>us-central1</c>).</summary>
    public static readonly ResourcePattern Location = Project.Child("locations", SegmentRules.Characters("-", 1, 100));

    /// <summary>Job ids: letters, digits, hyphens and underscores, at most 500 characters.</summary>
    public static readonly ResourcePattern Job = Location.Child("jobs", SegmentRules.Characters("-_", 1, 500));

    public static ResourcePath ParseJob(string? name) =>
        Job.TryParse(name, out var path) ? path : throw SchedulerErrors.InvalidJobName(name ?? "");

    public static ResourcePath ParseParent(string? parent) =>
        Location.TryParse(parent, out var path) ? path : throw SchedulerErrors.InvalidParent(parent ?? "");

    /// <summary>A fresh job id for a job created without a name: 20 digits, like the ids Google generates.</summary>
    public static string NewJobId()
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        var value = BitConverter.ToUInt64(bytes) % 10_000_000_000_000_000_000UL;
        return value.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
    }
}
