namespace Tidings.Tasks.Tasks;

/// <summary>Google's documented limits on a task (reference §1.7, §1.9, §1.13).</summary>
internal static class TaskLimits
{
    /// <summary>The largest HTTP task: 1 MB.</summary>
    public const int MaxHttpTaskBytes = 1024 * 1024;

    /// <summary>The largest App Engine task: 100 KB.</summary>
    public const int MaxAppEngineTaskBytes = 100 * 1024;

    /// <summary>Header names and values together stay below 80 KB.</summary>
    public const int MaxHeaderBytes = 80 * 1024;

    /// <summary>The longest target URL or App Engine relative URI.</summary>
    public const int MaxUrlLength = 2083;

    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(30);

    /// <summary>Tasks live at most this long, whether or not they ran.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(31);

    public static readonly TimeSpan DefaultDispatchDeadline = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinDispatchDeadline = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxHttpDispatchDeadline = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxAppEngineDispatchDeadline = TimeSpan.FromHours(24) + TimeSpan.FromSeconds(15);
}
