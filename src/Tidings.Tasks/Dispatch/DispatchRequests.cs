using System.Globalization;
using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Delivery;
using Tidings.Tasks.Persistence;
using Tidings.Tasks.Tasks;

namespace Tidings.Tasks.Dispatch;

/// <summary>
/// The HTTP request of one attempt (reference §1.10, recorded from the real service): the task's method, body and
/// headers, plus Google's headers — for HTTP targets <c>X-CloudTasks-*</c>, for App Engine targets <c>X-AppEngine-*</c> —
/// which win over caller headers of the same name. The counts describe the attempts before this one: the retry count
/// every previous attempt, the execution count the previous attempts that got an answer (for HTTP targets only those
/// that were not 5xx); the previous response and retry reason are sent only after an attempt that got an answer.
/// </summary>
internal static class DispatchRequests
{
    public const string DefaultOAuthScope = "https://www.googleapis.com/auth/cloud-platform";
    public const string AppEngineRetryReason = "App Error";

    /// <param name="record">The task before this attempt was claimed.</param>
    public static HttpDeliveryRequest Build(TaskRecord record, Queue queue, string queueId, string taskId, Uri appEngineBaseUrl)
    {
        var task = record.Task;
        var deadline = task.DispatchDeadline?.ToTimeSpan() is { } span && span > TimeSpan.Zero ? span : TaskLimits.DefaultDispatchDeadline;
        var eta = Eta(task.ScheduleTime);
        var retries = task.DispatchCount.ToString(CultureInfo.InvariantCulture);
        if (task.HttpRequest is { } http)
        {
            var service = new List<KeyValuePair<string, string>>
            {
                new("X-CloudTasks-QueueName", queueId),
                new("X-CloudTasks-TaskName", taskId),
                new("X-CloudTasks-TaskRetryCount", retries),
                new("X-CloudTasks-TaskExecutionCount", record.ExecutionCount.ToString(CultureInfo.InvariantCulture)),
                new("X-CloudTasks-TaskETA", eta),
            };
            if (record.PreviousResponse != 0)
            {
                service.Add(new("X-CloudTasks-TaskPreviousResponse", record.PreviousResponse.ToString(CultureInfo.InvariantCulture)));
                service.Add(new("X-CloudTasks-TaskRetryReason", ""));
            }
            return new HttpDeliveryRequest(new Uri(http.Url), http.Body.Memory, TaskHeaders.Find(http.Headers, "Content-Type"),
                Merge(http.Headers, service), deadline, Oidc(http))
            {
                Method = HttpMethods.Name(http.HttpMethod),
                OAuth = http.OauthToken is { } oauth
                    ? new OAuthTokenRequest(oauth.ServiceAccountEmail, oauth.Scope.Length > 0 ? oauth.Scope : DefaultOAuthScope)
                    : null,
            };
        }

        var appEngine = task.AppEngineHttpRequest;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("X-AppEngine-QueueName", queueId),
            new("X-AppEngine-TaskName", taskId),
            new("X-AppEngine-TaskRetryCount", retries),
            new("X-AppEngine-TaskExecutionCount", task.ResponseCount.ToString(CultureInfo.InvariantCulture)),
            new("X-AppEngine-TaskETA", eta),
        };
        if (record.PreviousResponse != 0)
        {
            headers.Add(new("X-AppEngine-TaskPreviousResponse", record.PreviousResponse.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new("X-AppEngine-TaskRetryReason", AppEngineRetryReason));
        }
        return new HttpDeliveryRequest(AppEngineTarget.Url(appEngine, appEngineBaseUrl), appEngine.Body.Memory,
            TaskHeaders.Find(appEngine.Headers, "Content-Type"), Merge(appEngine.Headers, headers), deadline, Oidc: null)
        {
            Method = HttpMethods.Name(appEngine.HttpMethod),
            Host = AppEngineTarget.Host(appEngine, queue.AppEngineRoutingOverride, appEngineBaseUrl),
        };
    }

    /// <summary>The schedule time in seconds since the epoch with microseconds, e.g. <c>1700000000.123456</c>.</summary>
    public static string Eta(Timestamp? scheduleTime)
    {
        var time = scheduleTime ?? new Timestamp();
        return string.Create(CultureInfo.InvariantCulture, $"{time.Seconds}.{time.Nanos / 1000:D6}");
    }

    private static OidcTokenRequest? Oidc(HttpRequest http) => http.OidcToken is { } oidc
        ? new OidcTokenRequest(oidc.ServiceAccountEmail, oidc.Audience.Length > 0 ? oidc.Audience : http.Url)
        : null;

    /// <summary>The caller's headers (content type aside, sent as such) that the service's do not override, then the service's.</summary>
    private static List<KeyValuePair<string, string>> Merge(IReadOnlyCollection<KeyValuePair<string, string>> caller, List<KeyValuePair<string, string>> service)
    {
        if (caller.Count == 0)
        {
            // The common case: no header of the caller's to weigh against the service's.
            return service;
        }
        var taken = new HashSet<string>(service.Select(header => header.Key), StringComparer.OrdinalIgnoreCase) { "Content-Type" };
        var merged = caller.Where(header => !taken.Contains(header.Key)).ToList();
        merged.AddRange(service);
        return merged;
    }
}
