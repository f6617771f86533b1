using System.Text.Json;
using Google.Cloud.Scheduler.V1;
using Google.Protobuf;
using Tidings.Scheduler.Jobs;
using Tidings.Storage.State;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler.Persistence;

/// <summary>
/// How a job is kept in the state store: one versioned JSON document per job, its definition as protobuf bytes
/// and its run state beside it. See FORMAT.md beside this file for the layout and the rules for changing it.
/// </summary>
internal static class JobDocuments
{
    public const string JobKind = "scheduler.job";

    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    public static StateChange Put(ScheduledJob job) =>
        StateChange.Put(JobKind, job.Key, JsonSerializer.SerializeToUtf8Bytes(ToDocument(job)));

    public static StateChange Delete(ScheduledJob job) => StateChange.Delete(JobKind, job.Key);

    public static JobDocument Read(StateDocument document)
    {
        JobDocument? stored;
        try
        {
            stored = JsonSerializer.Deserialize<JobDocument>(document.Value);
        }
        catch (JsonException exception)
        {
            throw Corrupt(document, exception);
        }
        if (stored is null || stored.FormatVersion < 1 || stored.Job is null)
        {
            throw Corrupt(document);
        }
        if (stored.FormatVersion > FormatVersion)
        {
            throw new InvalidDataException(
                $"The stored {document.Kind} record '{document.Key}' has format version {stored.FormatVersion}, but this Tidings reads " +
                $"versions up to {FormatVersion}: the data directory was written by a newer Tidings. Start that version (or a newer one) on it.");
        }
        return stored;
    }

    public static Job ReadDefinition(StateDocument document, JobDocument stored)
    {
        try
        {
            return Job.Parser.ParseFrom(stored.Job);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw Corrupt(document, exception);
        }
    }

    public static RpcStatus? ReadStatus(StateDocument document, JobDocument stored)
    {
        try
        {
            return stored.Status is null ? null : RpcStatus.Parser.ParseFrom(stored.Status);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw Corrupt(document, exception);
        }
    }

    private static JobDocument ToDocument(ScheduledJob job) => new(
        FormatVersion,
        job.Definition.ToByteArray(),
        (int)job.State,
        job.UserUpdateTime,
        job.ScheduleAnchor,
        job.LastAttemptTime,
        job.Status?.ToByteArray(),
        job.Execution is { } execution
            ? new ExecutionDocument(execution.Instant, execution.FirstAttemptTime, execution.Attempts, execution.InFlight, execution.NextAttemptTime)
            : null);

    private static InvalidDataException Corrupt(StateDocument document, Exception? inner = null) =>
        new($"The stored {document.Kind} record '{document.Key}' cannot be read.", inner);
}

internal sealed record JobDocument(
    int FormatVersion,
    byte[] Job,
    int State,
    DateTimeOffset UserUpdateTime,
    DateTimeOffset ScheduleAnchor,
    DateTimeOffset? LastAttemptTime,
    byte[]? Status,
    ExecutionDocument? Execution);

internal sealed record ExecutionDocument(
    DateTimeOffset Instant,
    DateTimeOffset FirstAttemptTime,
    int Attempts,
    bool InFlight,
    DateTimeOffset? NextAttemptTime);
