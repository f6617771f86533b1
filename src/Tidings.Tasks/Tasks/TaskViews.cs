using Google.Cloud.Tasks.V2;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tasks;

/// <summary>
/// A task as a response shows it. BASIC (the default) leaves out an App Engine request's body, as Google documents;
/// FULL shows everything. Google does not document that BASIC leaves out an HTTP request's body, so it is shown.
/// </summary>
internal static class TaskViews
{
    public static CloudTask Render(CloudTask task, CloudTask.Types.View view) => RenderInPlace(task.Clone(), view);

    /// <summary>The same, changing <paramref name="task"/> itself: for a task the caller owns and uses no more.</summary>
    public static CloudTask RenderInPlace(CloudTask task, CloudTask.Types.View view)
    {
        var full = view == CloudTask.Types.View.Full;
        task.View = full ? CloudTask.Types.View.Full : CloudTask.Types.View.Basic;
        if (!full && task.AppEngineHttpRequest is { } appEngine)
        {
            appEngine.Body = Google.Protobuf.ByteString.Empty;
        }
        return task;
    }
}
