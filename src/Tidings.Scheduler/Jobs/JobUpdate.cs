using System.Collections;
using Google.Cloud.Scheduler.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Masks;
using Tidings.Scheduler.Errors;

namespace Tidings.Scheduler.Jobs;

/// <summary>
/// Applies an UpdateJob request to a job's definition. With a mask, exactly the named fields (or sub-fields, e.g.
/// <c>retry_config.retry_count</c>, <c>http_target.uri</c>) are copied from the request, a named field that the
/// request leaves unset being cleared; paths may use proto or JSON names; output-only fields and <c>name</c> are
/// ignored, unknown paths refused.
/// Without a mask, every user field the request sets replaces the job's, and a target given replaces the target.
/// </summary>
internal static class JobUpdate
{
    private static readonly HashSet<string> Updatable = new(StringComparer.Ordinal)
    {
        "description", "schedule", "time_zone", "retry_config", "attempt_deadline", "http_target", "pubsub_target", "app_engine_http_target",
    };

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "name", "user_update_time", "state", "status", "schedule_time", "last_attempt_time",
    };

    /// <returns>The updated copy of <paramref name="current"/>, to be validated like a new job.</returns>
    public static Job Apply(Job current, Job request, FieldMask? mask)
    {
        var updated = current.Clone();
        if (mask is null || mask.Paths.Count == 0)
        {
            MergeSetFields(updated, request);
            return updated;
        }
        var paths = new List<string>();
        foreach (var path in mask.Paths.Select(FieldMaskPath.ToProtoName))
        {
            var top = path.Split('.')[0];
            if (Ignored.Contains(top))
            {
                continue;
            }
            if (!Updatable.Contains(top) || !FieldMask.IsValid<Job>(path))
            {
                throw SchedulerErrors.UnknownUpdateMaskField(path);
            }
            paths.Add(path);
        }
        foreach (var path in paths)
        {
            Copy(request, updated, path.Split('.'), 0);
        }
        return updated;
    }

    /// <summary>
    /// Copies the field at <paramref name="path"/> from <paramref name="source"/> to <paramref name="destination"/>,
    /// replacing it whole (messages, maps and lists included) or clearing it when the source leaves it unset; parents
    /// missing on either side are taken as empty. Google.Protobuf's own FieldMask.Merge cannot copy map fields
    /// (headers, attributes), which is why this exists.
    /// </summary>
    private static void Copy(IMessage source, IMessage destination, string[] path, int depth)
    {
        var field = destination.Descriptor.FindFieldByName(path[depth]);
        var accessor = field.Accessor;
        if (depth < path.Length - 1)
        {
            var sourceChild = (IMessage?)accessor.GetValue(source) ?? Empty(field);
            if (accessor.GetValue(destination) is not IMessage destinationChild)
            {
                destinationChild = Empty(field);
                accessor.SetValue(destination, destinationChild);
            }
            Copy(sourceChild, destinationChild, path, depth + 1);
            return;
        }
        if (field.IsMap)
        {
            var target = (IDictionary)accessor.GetValue(destination);
            target.Clear();
            foreach (DictionaryEntry entry in (IDictionary)accessor.GetValue(source))
            {
                target[entry.Key] = entry.Value;
            }
        }
        else if (field.IsRepeated)
        {
            var target = (IList)accessor.GetValue(destination);
            target.Clear();
            foreach (var item in (IList)accessor.GetValue(source))
            {
                target.Add(item);
            }
        }
        else if (field.FieldType == FieldType.Message && accessor.GetValue(source) is not IMessage)
        {
            accessor.Clear(destination);
        }
        else
        {
            accessor.SetValue(destination, accessor.GetValue(source)); // the request is not used afterwards, so sharing is safe
        }
    }

    private static IMessage Empty(FieldDescriptor field) => field.MessageType.Parser.ParseFrom(ByteString.Empty);


    private static void MergeSetFields(Job updated, Job request)
    {
        if (request.Description.Length > 0)
        {
            updated.Description = request.Description;
        }
        if (request.Schedule.Length > 0)
        {
            updated.Schedule = request.Schedule;
        }
        if (request.TimeZone.Length > 0)
        {
            updated.TimeZone = request.TimeZone;
        }
        if (request.RetryConfig is not null)
        {
            updated.RetryConfig = request.RetryConfig.Clone();
        }
        if (request.AttemptDeadline is not null)
        {
            updated.AttemptDeadline = request.AttemptDeadline.Clone();
        }
        switch (request.TargetCase)
        {
            case Job.TargetOneofCase.HttpTarget:
                updated.HttpTarget = request.HttpTarget.Clone();
                break;
            case Job.TargetOneofCase.PubsubTarget:
                updated.PubsubTarget = request.PubsubTarget.Clone();
                break;
            case Job.TargetOneofCase.AppEngineHttpTarget:
                updated.AppEngineHttpTarget = request.AppEngineHttpTarget.Clone();
                break;
        }
    }
}
