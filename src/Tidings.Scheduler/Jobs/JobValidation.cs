using System.Text;
using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Names;
using Tidings.PubSub.Names;
using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Schedules;
using HttpMethod = Google.Cloud.Scheduler.V1.HttpMethod;

namespace Tidings.Scheduler.Jobs;

/// <summary>
/// Checks a job's user fields as Google does at CreateJob and UpdateJob, and fills in the defaults a job shows
/// (POST, a 3-minute HTTP deadline, the retry config's defaults). Errors come from <see cref="SchedulerErrors"/>.
/// </summary>
internal static class JobValidation
{
    public const int MaxDescriptionLength = 500;
    public const int MaxUriLength = 2083;
    public const int MaxHeaderBytes = 80 * 1024;
    public static readonly TimeSpan DefaultHttpDeadline = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan MinDeadline = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxHttpDeadline = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxAppEngineDeadline = TimeSpan.FromHours(24) + TimeSpan.FromSeconds(15);

    /// <summary>
    /// Validates <paramref name="job"/> (user fields only; output fields are ignored) for a job of
    /// <paramref name="name"/> and returns its definition: a copy holding the user fields with defaults filled in,
    /// and its parsed schedule.
    /// </summary>
    public static (Job Definition, JobSchedule Schedule) Validate(Job job, ResourcePath name)
    {
        var definition = new Job
        {
            Name = name.FullName,
            Description = job.Description,
            Schedule = job.Schedule,
            TimeZone = job.TimeZone,
            RetryConfig = job.RetryConfig?.Clone(),
            AttemptDeadline = job.AttemptDeadline?.Clone(),
        };
        if (definition.Description.Length > MaxDescriptionLength)
        {
            throw SchedulerErrors.DescriptionTooLong(definition.Description.Length);
        }
        switch (job.TargetCase)
        {
            case Job.TargetOneofCase.HttpTarget:
                definition.HttpTarget = Http(job.HttpTarget);
                break;
            case Job.TargetOneofCase.AppEngineHttpTarget:
                definition.AppEngineHttpTarget = AppEngine(job.AppEngineHttpTarget);
                break;
            case Job.TargetOneofCase.PubsubTarget:
                definition.PubsubTarget = Pubsub(job.PubsubTarget, name.Project);
                break;
            default:
                throw SchedulerErrors.TargetRequired();
        }
        var schedule = JobSchedule.Parse(definition.Schedule, definition.TimeZone);
        definition.RetryConfig = Retry(definition.RetryConfig).ToConfig();
        definition.AttemptDeadline = Deadline(definition.AttemptDeadline, definition.TargetCase);
        return (definition, schedule);
    }

    private static RetryPolicy Retry(RetryConfig? config)
    {
        if (config is null)
        {
            return RetryPolicy.From(null);
        }
        if (config.RetryCount is < 0 or > 5)
        {
            throw SchedulerErrors.RetryCountOutOfRange(config.RetryCount);
        }
        NotNegative(config.MaxRetryDuration, "max_retry_duration");
        NotNegative(config.MinBackoffDuration, "min_backoff_duration");
        NotNegative(config.MaxBackoffDuration, "max_backoff_duration");
        if (config.MaxDoublings < 0)
        {
            throw SchedulerErrors.NegativeMaxDoublings(config.MaxDoublings);
        }
        var policy = RetryPolicy.From(config);
        return policy.MinBackoff > policy.MaxBackoff ? throw SchedulerErrors.BackoffRangeInverted() : policy;
    }

    private static void NotNegative(Duration? duration, string field)
    {
        if (duration is not null && duration.ToTimeSpan() < TimeSpan.Zero)
        {
            throw SchedulerErrors.NegativeDuration(field);
        }
    }

    /// <summary>HTTP: default 3 min, [15 s, 30 min]. App Engine: unset means the service's default, else [15 s, 24 h 15 s]. Pub/Sub: ignored, kept as given.</summary>
    private static Duration? Deadline(Duration? deadline, Job.TargetOneofCase target)
    {
        var value = deadline?.ToTimeSpan();
        switch (target)
        {
            case Job.TargetOneofCase.HttpTarget:
                if (value is null || value == TimeSpan.Zero)
                {
                    return Duration.FromTimeSpan(DefaultHttpDeadline);
                }
                return value < MinDeadline || value > MaxHttpDeadline ? throw SchedulerErrors.HttpAttemptDeadlineOutOfRange() : deadline;
            case Job.TargetOneofCase.AppEngineHttpTarget:
                if (value is null || value == TimeSpan.Zero)
                {
                    return deadline;
                }
                return value < MinDeadline || value > MaxAppEngineDeadline ? throw SchedulerErrors.AppEngineAttemptDeadlineOutOfRange() : deadline;
            default:
                return deadline;
        }
    }

    private static HttpTarget Http(HttpTarget target)
    {
        var copy = target.Clone();
        if (copy.Uri.Length > MaxUriLength || !Uri.TryCreate(copy.Uri, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw SchedulerErrors.InvalidUri(copy.Uri);
        }
        if (copy.HttpMethod == HttpMethod.Unspecified)
        {
            copy.HttpMethod = HttpMethod.Post;
        }
        if (!copy.Body.IsEmpty && copy.HttpMethod is not (HttpMethod.Post or HttpMethod.Put or HttpMethod.Patch))
        {
            throw SchedulerErrors.BodyNotAllowed(MethodName(copy.HttpMethod));
        }
        Headers(copy.Headers);
        if (copy.OidcToken is { ServiceAccountEmail: "" })
        {
            throw SchedulerErrors.ServiceAccountRequired("oidc_token");
        }
        if (copy.OauthToken is { ServiceAccountEmail: "" })
        {
            throw SchedulerErrors.ServiceAccountRequired("oauth_token");
        }
        return copy;
    }

    private static AppEngineHttpTarget AppEngine(AppEngineHttpTarget target)
    {
        var copy = target.Clone();
        if (copy.HttpMethod == HttpMethod.Unspecified)
        {
            copy.HttpMethod = HttpMethod.Post;
        }
        if (copy.HttpMethod is HttpMethod.Patch or HttpMethod.Options)
        {
            throw SchedulerErrors.AppEngineMethodNotAllowed(MethodName(copy.HttpMethod));
        }
        if (!copy.Body.IsEmpty && copy.HttpMethod is not (HttpMethod.Post or HttpMethod.Put))
        {
            throw SchedulerErrors.BodyNotAllowed(MethodName(copy.HttpMethod));
        }
        if (copy.RelativeUri.Length > 0 && (copy.RelativeUri[0] != '/' || copy.RelativeUri.Any(char.IsWhiteSpace) || copy.RelativeUri.Length > MaxUriLength))
        {
            throw SchedulerErrors.InvalidRelativeUri(copy.RelativeUri);
        }
        Headers(copy.Headers);
        return copy;
    }

    private static PubsubTarget Pubsub(PubsubTarget target, string project)
    {
        if (!ResourceKind.Topic.Pattern.TryParse(target.TopicName, out var topic))
        {
            throw SchedulerErrors.InvalidTopicName(target.TopicName);
        }
        if (topic.Project != project)
        {
            throw SchedulerErrors.TopicInOtherProject(target.TopicName, project);
        }
        if (target.Data.IsEmpty && target.Attributes.Count == 0)
        {
            throw SchedulerErrors.EmptyPubsubMessage();
        }
        return target.Clone();
    }

    private static void Headers(IDictionary<string, string> headers)
    {
        var bytes = 0;
        foreach (var (name, value) in headers)
        {
            if (name.Length == 0 || !name.All(IsTokenChar) || value.Any(c => c is < ' ' and not '\t' or '\u007f'))
            {
                throw SchedulerErrors.InvalidHeader(name);
            }
            bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
        }
        if (bytes >= MaxHeaderBytes)
        {
            throw SchedulerErrors.HeadersTooLarge(bytes);
        }
    }

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    public static string MethodName(HttpMethod method) => method switch
    {
        HttpMethod.Get => "GET",
        HttpMethod.Head => "HEAD",
        HttpMethod.Put => "PUT",
        HttpMethod.Delete => "DELETE",
        HttpMethod.Patch => "PATCH",
        HttpMethod.Options => "OPTIONS",
        _ => "POST",
    };
}
