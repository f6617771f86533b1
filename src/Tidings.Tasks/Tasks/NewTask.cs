using System.Text;
using Google.Cloud.Tasks.V2;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Tidings.Tasks.Dispatch;
using Tidings.Tasks.Errors;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using HttpMethod = Google.Cloud.Tasks.V2.HttpMethod;

namespace Tidings.Tasks.Tasks;

/// <summary>
/// CreateTask's checks and completion (reference §1.7, §1.9): the task as the server keeps it, with its output
/// fields set, defaults applied and Google's headers added; anything Google refuses is refused with INVALID_ARGUMENT.
/// </summary>
internal static class NewTask
{
    /// <summary>Checks everything but the name (the caller resolved it) and returns the task to store.</summary>
    /// <param name="fullName">The task's full name, given or generated.</param>
    /// <param name="now">The server's time: create time, and schedule time when unset or past.</param>
    public static CloudTask Prepare(CloudTask requested, string fullName, DateTimeOffset now, Uri appEngineBaseUrl)
    {
        var task = new CloudTask { Name = fullName };
        var maxDeadline = TaskLimits.MaxHttpDispatchDeadline;
        switch (requested.MessageTypeCase)
        {
            case CloudTask.MessageTypeOneofCase.HttpRequest:
                CheckSize(requested, TaskLimits.MaxHttpTaskBytes);
                task.HttpRequest = Http(requested.HttpRequest);
                break;
            case CloudTask.MessageTypeOneofCase.AppEngineHttpRequest:
                CheckSize(requested, TaskLimits.MaxAppEngineTaskBytes);
                task.AppEngineHttpRequest = AppEngine(requested.AppEngineHttpRequest, appEngineBaseUrl);
                maxDeadline = TaskLimits.MaxAppEngineDispatchDeadline;
                break;
            default:
                throw TasksErrors.TaskTargetMissing();
        }

        var scheduleTime = requested.ScheduleTime is { } requestedTime ? ToTime(requestedTime) : now;
        if (scheduleTime > now + TaskLimits.MaxScheduleAhead)
        {
            throw TasksErrors.ScheduleTimeTooFar();
        }
        task.ScheduleTime = Timestamp.FromDateTimeOffset(Durations.TruncateToMicros(scheduleTime < now ? now : scheduleTime));
        task.CreateTime = Timestamp.FromDateTimeOffset(Durations.TruncateToSeconds(now));

        if (requested.DispatchDeadline is { } deadline)
        {
            var span = Durations.ToTimeSpan(deadline) ?? TimeSpan.MinValue;
            if (span < TaskLimits.MinDispatchDeadline || span > maxDeadline)
            {
                throw TasksErrors.DispatchDeadlineOutOfRange(span == TimeSpan.MinValue ? TimeSpan.Zero : span, TaskLimits.MinDispatchDeadline, maxDeadline);
            }
            task.DispatchDeadline = Duration.FromTimeSpan(Durations.TruncateToMillis(span));
        }
        else if (task.HttpRequest is not null)
        {
            task.DispatchDeadline = Duration.FromTimeSpan(TaskLimits.DefaultDispatchDeadline);
        }
        return task;
    }

    private static HttpRequest Http(HttpRequest requested)
    {
        var url = requested.Url;
        if (url.Length == 0 || url.Length > TaskLimits.MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw TasksErrors.InvalidUrl(url);
        }
        var method = requested.HttpMethod == HttpMethod.Unspecified ? HttpMethod.Post : requested.HttpMethod;
        if (!requested.Body.IsEmpty && method is not (HttpMethod.Post or HttpMethod.Put or HttpMethod.Patch))
        {
            throw TasksErrors.BodyNotAllowed(HttpMethods.Name(method));
        }
        CheckHeaders(requested.Headers);
        var request = new HttpRequest { Url = url, HttpMethod = method, Body = requested.Body };
        request.Headers.Add(requested.Headers);
        TaskHeaders.CompleteHttp(request.Headers);
        switch (requested.AuthorizationHeaderCase)
        {
            case HttpRequest.AuthorizationHeaderOneofCase.OauthToken:
                if (requested.OauthToken.ServiceAccountEmail.Length == 0)
                {
                    throw TasksErrors.ServiceAccountRequired("http_request.oauth_token");
                }
                request.OauthToken = requested.OauthToken.Clone();
                break;
            case HttpRequest.AuthorizationHeaderOneofCase.OidcToken:
                if (requested.OidcToken.ServiceAccountEmail.Length == 0)
                {
                    throw TasksErrors.ServiceAccountRequired("http_request.oidc_token");
                }
                request.OidcToken = requested.OidcToken.Clone();
                break;
        }
        return request;
    }

    private static AppEngineHttpRequest AppEngine(AppEngineHttpRequest requested, Uri appEngineBaseUrl)
    {
        var relativeUri = requested.RelativeUri.Length == 0 ? "/" : requested.RelativeUri;
        if (relativeUri[0] != '/' || relativeUri.Length > TaskLimits.MaxUrlLength || relativeUri.Any(char.IsWhiteSpace))
        {
            throw TasksErrors.InvalidRelativeUri(requested.RelativeUri);
        }
        var method = requested.HttpMethod == HttpMethod.Unspecified ? HttpMethod.Post : requested.HttpMethod;
        if (!requested.Body.IsEmpty && method is not (HttpMethod.Post or HttpMethod.Put))
        {
            throw TasksErrors.BodyNotAllowed(HttpMethods.Name(method));
        }
        CheckHeaders(requested.Headers);
        var routing = requested.AppEngineRouting is { } given
            ? new AppEngineRouting { Service = given.Service, Version = given.Version, Instance = given.Instance }
            : new AppEngineRouting();
        routing.Host = AppEngineTarget.RoutingHost(routing, appEngineBaseUrl);
        var request = new AppEngineHttpRequest { HttpMethod = method, AppEngineRouting = routing, RelativeUri = relativeUri, Body = requested.Body };
        request.Headers.Add(requested.Headers);
        TaskHeaders.CompleteAppEngine(request.Headers, requested.Body.Length);
        return request;
    }

    private static void CheckHeaders(MapField<string, string> headers)
    {
        var bytes = 0;
        foreach (var (name, value) in headers)
        {
            if (!TaskHeaders.IsValidName(name) || !TaskHeaders.IsValidValue(value))
            {
                throw TasksErrors.InvalidHeader(name);
            }
            bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
        }
        if (bytes >= TaskLimits.MaxHeaderBytes)
        {
            throw TasksErrors.HeadersTooLarge(bytes);
        }
    }

    private static void CheckSize(CloudTask requested, int maximum)
    {
        var size = requested.CalculateSize();
        if (size > maximum)
        {
            throw TasksErrors.TaskTooLarge(size, maximum);
        }
    }

    /// <summary>A timestamp as a time; out-of-range ones count as far in the future, which is refused.</summary>
    private static DateTimeOffset ToTime(Timestamp timestamp)
    {
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            return DateTimeOffset.MaxValue;
        }
    }
}
