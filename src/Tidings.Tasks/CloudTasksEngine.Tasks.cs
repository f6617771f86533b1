using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Names;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Errors;
using Tidings.Tasks.Names;
using Tidings.Tasks.Persistence;
using Tidings.Tasks.Queues;
using Tidings.Tasks.Tasks;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Tasks;

public sealed partial class CloudTasksEngine
{
    /// <summary>ListTasks' page size when none is asked for, and the most it answers.</summary>
    public const int MaxTaskPageSize = 1000;

    /// <summary>
    /// Creates a task, named as given (refused while the name is taken or reserved) or under a generated id, and
    /// wakes the queue's dispatcher if the task is due before it would look again.
    /// </summary>
    public async Task<CloudTask> CreateTaskAsync(string parent, CloudTask? task, CloudTask.Types.View responseView, CancellationToken cancellationToken)
    {
        var queueName = ParseQueueName(parent);
        var entry = RequireQueue(queueName);
        if (task is null)
        {
            throw TasksErrors.FieldRequired("task");
        }
        var givenId = task.Name.Length > 0 ? ParseNewTaskName(queueName, task.Name) : null;
        var now = _time.GetUtcNow();
        // Checked once, so a refused task never takes an id.
        var prepared = NewTask.Prepare(task, givenId is null ? "" : task.Name, now, Options.AppEngineBaseUrl);
        if (!entry.TryEnterWrite())
        {
            throw TasksErrors.QueueNotFound();
        }
        try
        {
            while (true)
            {
                var id = givenId ?? TaskIds.Generate(_time);
                prepared.Name = $"{queueName.FullName}/tasks/{id}";
                var record = new TaskRecord(prepared);
                var result = await _tasks.CreateAsync(queueName.FullName, id, prepared.ScheduleTime.ToDateTimeOffset(), now,
                    TaskRecordCodec.Encode(record), cancellationToken).ConfigureAwait(false);
                if (result.Status == TaskWriteStatus.Done)
                {
                    break;
                }
                if (givenId is not null)
                {
                    throw TasksErrors.TaskAlreadyExists();
                }
                // A generated id that is taken: draw another.
            }
        }
        finally
        {
            entry.ExitWrite();
        }
        entry.Dispatcher.NotifyScheduled(prepared.ScheduleTime.ToDateTimeOffset());
        // Stored already (encoded, not referenced): the answer may be the prepared task itself rather than a copy.
        return TaskViews.RenderInPlace(prepared, responseView);
    }

    public async Task<CloudTask> GetTaskAsync(string name, CloudTask.Types.View responseView, CancellationToken cancellationToken)
    {
        var (queueName, taskId) = ParseTaskName(name);
        var stored = await _tasks.GetAsync(queueName.FullName, taskId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            throw await _tasks.IsTaskNameReservedAsync(queueName.FullName, taskId, cancellationToken).ConfigureAwait(false)
                ? TasksErrors.TaskRecentlyGone()
                : TasksErrors.EntityNotFound();
        }
        return TaskViews.Render(TaskRecordCodec.Decode(stored.Payload).Task, responseView);
    }

    /// <summary>One page of the queue's tasks, in task id order (Google promises no order).</summary>
    public async Task<ListTasksResponse> ListTasksAsync(string parent, CloudTask.Types.View responseView, int pageSize, string? pageToken,
        CancellationToken cancellationToken)
    {
        var queueName = ParseQueueName(parent);
        RequireQueue(queueName);
        if (pageSize < 0)
        {
            throw TasksErrors.PageSizeNegative(pageSize);
        }
        TaskPage page;
        try
        {
            page = await _tasks.ListAsync(queueName.FullName, pageSize == 0 ? MaxTaskPageSize : Math.Min(pageSize, MaxTaskPageSize),
                pageToken ?? "", cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            throw TasksErrors.InvalidPageToken(pageToken ?? "");
        }
        var response = new ListTasksResponse { NextPageToken = page.NextPageToken };
        response.Tasks.Add(page.Tasks.Select(stored => TaskViews.Render(TaskRecordCodec.Decode(stored.Payload).Task, responseView)));
        return response;
    }

    /// <summary>Deletes a task, also one being dispatched (its attempt's outcome is then dropped); its name stays reserved.</summary>
    public async Task DeleteTaskAsync(string name, CancellationToken cancellationToken)
    {
        var (queueName, taskId) = ParseTaskName(name);
        var deleted = await _tasks.DeleteAsync(queueName.FullName, taskId, expectedVersion: null, cancellationToken).ConfigureAwait(false);
        if (deleted.Status != TaskWriteStatus.Done)
        {
            throw TasksErrors.EntityNotFound();
        }
    }

    /// <summary>
    /// Dispatches the task now, even if the queue is paused or at its limits, and answers the task as dispatched
    /// (before the target responds). A task already being dispatched is not dispatched twice.
    /// </summary>
    public async Task<CloudTask> RunTaskAsync(string name, CloudTask.Types.View responseView, CancellationToken cancellationToken)
    {
        var (queueName, taskId) = ParseTaskName(name);
        if (!_queues.TryGetValue(queueName.FullName, out var entry) || !entry.TryEnterWrite())
        {
            throw TasksErrors.EntityNotFound();
        }
        try
        {
            var task = await entry.Dispatcher.RunNowAsync(taskId, cancellationToken).ConfigureAwait(false);
            return TaskViews.Render(task, responseView);
        }
        finally
        {
            entry.ExitWrite();
        }
    }

    /// <summary>A task name in a request naming an existing task: malformed names and ids are refused.</summary>
    private static (ResourcePath Queue, string TaskId) ParseTaskName(string? name)
    {
        if (name is null || !TasksNames.TrySplitTaskName(name, out var queue, out var taskId))
        {
            throw TasksErrors.InvalidTaskName();
        }
        return TasksNames.IsValidTaskId(taskId) ? (queue, taskId) : throw TasksErrors.InvalidTaskId(taskId);
    }

    /// <summary>The id of a named new task, which must belong to the request's queue.</summary>
    private static string ParseNewTaskName(ResourcePath queue, string name)
    {
        if (!TasksNames.TrySplitTaskName(name, out var taskQueue, out var taskId))
        {
            throw TasksErrors.InvalidTaskName();
        }
        if (taskQueue.FullName != queue.FullName)
        {
            throw TasksErrors.TaskQueueMismatch(queue.FullName, taskQueue.FullName);
        }
        return TasksNames.IsValidTaskId(taskId) ? taskId : throw TasksErrors.InvalidTaskId(taskId);
    }
}
