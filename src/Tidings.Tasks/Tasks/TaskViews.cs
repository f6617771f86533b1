using Google.Cloud.Tasks.V2;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tasks;

/// <summary>
/// A task as a response shows it. BASIC (the default) leaves out an App Engine request's body, as Google documents;
/// FULL shows everything. Google does not document that BASIC leaves out an HTTP request's body, so it is shown.
/// </summary>
internal static class TaskViews
{
    public static CloudTask Render(CloudTask task, CloudTask.Types.View view)
    {
        var rendered = task.Clone();
        var full = view == CloudTask.Types.View.Full;
        rendered.View = full ? CloudTask.Types.View.Full : CloudTask.Types.View.Basic;
        if (!full && rendered.AppEngineHttpRequest is { } appEngine)
        {
            appEngine.Body = Google.Protobuf.ByteString.Empty;
        }
        return rendered;
    }
}
