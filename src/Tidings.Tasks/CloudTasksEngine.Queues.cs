using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Paging;
using Tidings.Tasks.Errors;
using Tidings.Tasks.Persistence;
using Tidings.Tasks.Queues;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Tasks;

public sealed partial class CloudTasksEngine
{
    /// <summary>ListQueues' page size when none is asked for, and the most it answers.</summary>
    public const int MaxQueuePageSize = 9800;

    public async Task<Queue> CreateQueueAsync(string parent, Queue? queue, CancellationToken cancellationToken)
    {
        var location = ParseLocationName(parent);
        if (queue is null)
        {
            throw TasksErrors.FieldRequired("queue");
        }
        var name = ParseQueueName(queue.Name);
        if (name.Parent!.FullName != location.FullName)
        {
            throw TasksErrors.QueueParentMismatch(parent, queue.Name);
        }
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_queues.TryGetValue(name.FullName, out var existing))
            {
                throw existing.IsClosed ? TasksErrors.QueueRecentlyDeleted() : TasksErrors.QueueAlreadyExists();
            }
            return await CreateLockedAsync(name, queue, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>
    /// Changes the fields the mask names (every field for an empty mask), or creates the queue when it does not
    /// exist, as Google's UpdateQueue does. The state, purge time and burst size stay the server's.
    /// </summary>
    public async Task<Queue> UpdateQueueAsync(Queue? queue, FieldMask? updateMask, CancellationToken cancellationToken)
    {
        if (queue is null)
        {
            throw TasksErrors.FieldRequired("queue");
        }
        var name = ParseQueueName(queue.Name);
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_queues.TryGetValue(name.FullName, out var entry))
            {
                return await CreateLockedAsync(name, QueueUpdateMask.Apply(null, queue, updateMask), cancellationToken).ConfigureAwait(false);
            }
            if (entry.IsClosed)
            {
                throw TasksErrors.QueueRecentlyDeleted();
            }
            var current = entry.Definition;
            var updated = QueueSettings.Effective(QueueUpdateMask.Apply(current, queue, updateMask), Options.AppEngineBaseUrl);
            updated.Name = name.FullName;
            updated.State = current.State;
            updated.PurgeTime = current.PurgeTime;
            Replace(entry, updated);
            return updated.Clone();
        }
        finally
        {
            _admin.Release();
        }
    }

    public Queue GetQueue(string name) => RequireQueue(ParseQueueName(name)).Definition.Clone();

    /// <summary>The location's queues in name order, filtered by state when <paramref name="filter"/> says so.</summary>
    public ListQueuesResponse ListQueues(string parent, string? filter, int pageSize, string? pageToken)
    {
        var location = ParseLocationName(parent);
        if (pageSize < 0)
        {
            throw TasksErrors.PageSizeNegative(pageSize);
        }
        if (!PageToken.TryParse(pageToken, out var token))
        {
            throw TasksErrors.InvalidPageToken(pageToken ?? "");
        }
        var matches = QueueFilter.Parse(filter);
        var queues = _queues.Values
            .Where(entry => !entry.IsClosed && entry.Name.Parent!.FullName == location.FullName)
            .Select(entry => entry.Definition)
            .Where(matches);
        var page = Page<Queue>.Of(queues, queue => queue.Name, pageSize == 0 ? MaxQueuePageSize : Math.Min(pageSize, MaxQueuePageSize), token);
        var response = new ListQueuesResponse { NextPageToken = page.NextPageToken };
        response.Queues.Add(page.Items.Select(queue => queue.Clone()));
        return response;
    }

    /// <summary>Deletes the queue and all its tasks; its name stays reserved for the configured window.</summary>
    public async Task DeleteQueueAsync(string name, CancellationToken cancellationToken)
    {
        var path = ParseQueueName(name);
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!TryGetQueue(path, out var entry))
            {
                throw TasksErrors.EntityNotFound();
            }
            // From here the queue answers as missing; task writes already admitted finish first.
            await entry.CloseAsync().ConfigureAwait(false);
            await entry.Dispatcher.DisposeAsync().ConfigureAwait(false);
            // Tasks and name reservation first, then the record: a stop in between is finished by the next start.
            var deleted = await _tasks.DeleteQueueAsync(path.FullName, CancellationToken.None).ConfigureAwait(false);
            _state.Apply([QueueDocuments.Delete(path.FullName)]);
            _queues.TryRemove(path.FullName, out _);
            TasksLog.QueueDeleted(_logger, path.FullName, deleted);
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>Deletes every task created before now (their names stay reserved) and records the purge time.</summary>
    public async Task<Queue> PurgeQueueAsync(string name, CancellationToken cancellationToken)
    {
        var path = ParseQueueName(name);
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = RequireQueue(path);
            var now = _time.GetUtcNow();
            var purged = await _tasks.PurgeAsync(path.FullName, now, cancellationToken).ConfigureAwait(false);
            var updated = entry.Definition.Clone();
            updated.PurgeTime = Timestamp.FromDateTimeOffset(Durations.TruncateToMicros(now));
            Replace(entry, updated);
            TasksLog.QueuePurged(_logger, path.FullName, purged);
            return updated.Clone();
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>Stops dispatching; tasks can still be added, and RunTask still runs them.</summary>
    public Task<Queue> PauseQueueAsync(string name, CancellationToken cancellationToken) =>
        SetStateAsync(name, Queue.Types.State.Paused, cancellationToken);

    /// <summary>Dispatches again, from PAUSED or DISABLED.</summary>
    public Task<Queue> ResumeQueueAsync(string name, CancellationToken cancellationToken) =>
        SetStateAsync(name, Queue.Types.State.Running, cancellationToken);

    private async Task<Queue> SetStateAsync(string name, Queue.Types.State state, CancellationToken cancellationToken)
    {
        var path = ParseQueueName(name);
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = RequireQueue(path);
            var updated = entry.Definition.Clone();
            updated.State = state;
            Replace(entry, updated);
            return updated.Clone();
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>Creates a queue from settings as requested. Runs under <see cref="_admin"/>; the name is free in the engine.</summary>
    private async Task<Queue> CreateLockedAsync(Kernel.Names.ResourcePath name, Queue requested, CancellationToken cancellationToken)
    {
        if (await _tasks.IsQueueNameReservedAsync(name.FullName, cancellationToken).ConfigureAwait(false))
        {
            throw TasksErrors.QueueRecentlyDeleted();
        }
        var definition = QueueSettings.Effective(requested, Options.AppEngineBaseUrl);
        definition.Name = name.FullName;
        definition.State = Queue.Types.State.Running;
        _state.Apply([QueueDocuments.Put(definition, null)]);
        Open(name, definition, policy: null, recover: false);
        TasksLog.QueueCreated(_logger, name.FullName);
        return definition.Clone();
    }

    /// <summary>Writes the queue's new definition, then lets it take effect. Runs under <see cref="_admin"/>.</summary>
    private void Replace(QueueEntry entry, Queue definition)
    {
        _state.Apply([QueueDocuments.Put(definition, entry.Policy)]);
        entry.Definition = definition;
        entry.Dispatcher.NotifyChanged();
    }
}
