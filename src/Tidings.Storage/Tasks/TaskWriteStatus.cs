namespace Tidings.Storage.Tasks;

/// <summary>How a write to the task store came out, when it did not fail with a storage error.</summary>
public enum TaskWriteStatus
{
    /// <summary>The write happened.</summary>
    Done,

    /// <summary>Create: a task of that name exists.</summary>
    AlreadyExists,

    /// <summary>Create: a tombstone still reserves the name.</summary>
    NameReserved,

    /// <summary>Update or delete: there is no task of that name.</summary>
    NotFound,

    /// <summary>Update or delete: the task has moved on from the expected version.</summary>
    VersionMismatch,
}
