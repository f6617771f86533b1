using Tidings.Kernel.Errors;
using Tidings.Scheduler.Errors;

namespace Tidings.Scheduler.Tests.Errors;

/// <summary>Every client-visible text of the catalogue, pinned: a change here is a change clients see.</summary>
public sealed class SchedulerErrorsTests
{
    public static TheoryData<TidingsException, ErrorCode, string> Errors() => new()
    {
        { SchedulerErrors.InvalidJobName("x"), ErrorCode.InvalidArgument, "Job name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/jobs/<JOB_ID>\" (got \"x\")." },
        { SchedulerErrors.InvalidParent("x"), ErrorCode.InvalidArgument, "Parent must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>\" (got \"x\")." },
        { SchedulerErrors.JobInOtherLocation("projects/p/locations/a", "projects/p/locations/b/jobs/j"), ErrorCode.InvalidArgument, "The location name from request ('projects/p/locations/a') must be the same as the location name in the named job ('projects/p/locations/b/jobs/j')." },
        { SchedulerErrors.JobNotFound(), ErrorCode.NotFound, "Job not found." },
        { SchedulerErrors.JobAlreadyExists("projects/p/locations/l/jobs/j"), ErrorCode.AlreadyExists, "Job projects/p/locations/l/jobs/j already exists." },
        { SchedulerErrors.JobAlreadyPaused(), ErrorCode.FailedPrecondition, "Job has been paused." },
        { SchedulerErrors.JobNotPaused(), ErrorCode.FailedPrecondition, "Job is not paused, so it cannot be resumed." },
        { SchedulerErrors.InvalidSchedule(), ErrorCode.InvalidArgument, "Schedule or time zone is invalid." },
        { SchedulerErrors.TargetRequired(), ErrorCode.InvalidArgument, "A job needs a target: one of http_target, pubsub_target or app_engine_http_target." },
        { SchedulerErrors.DescriptionTooLong(501), ErrorCode.InvalidArgument, "The job description must be at most 500 characters (got 501)." },
        { SchedulerErrors.RetryCountOutOfRange(6), ErrorCode.InvalidArgument, "retry_count must be between 0 and 5 (got 6)." },
        { SchedulerErrors.NegativeDuration("min_backoff_duration"), ErrorCode.InvalidArgument, "min_backoff_duration must not be negative." },
        { SchedulerErrors.NegativeMaxDoublings(-1), ErrorCode.InvalidArgument, "max_doublings must not be negative (got -1)." },
        { SchedulerErrors.BackoffRangeInverted(), ErrorCode.InvalidArgument, "min_backoff_duration must not be greater than max_backoff_duration." },
        { SchedulerErrors.HttpAttemptDeadlineOutOfRange(), ErrorCode.InvalidArgument, "attempt_deadline must be between 15s and 30m0s" },
        { SchedulerErrors.AppEngineAttemptDeadlineOutOfRange(), ErrorCode.InvalidArgument, "attempt_deadline must be between 15s and 24h0m15s" },
        { SchedulerErrors.InvalidUri("ftp://x"), ErrorCode.InvalidArgument, "The HTTP target uri must be a valid HTTP or HTTPS URL of at most 2083 characters (got \"ftp://x\")." },
        { SchedulerErrors.BodyNotAllowed("GET"), ErrorCode.InvalidArgument, "A request body is not allowed with HTTP method GET." },
        { SchedulerErrors.AppEngineMethodNotAllowed("PATCH"), ErrorCode.InvalidArgument, "HTTP method PATCH is not permitted for App Engine targets." },
        { SchedulerErrors.InvalidRelativeUri("x"), ErrorCode.InvalidArgument, "The App Engine relative_uri must begin with \"/\" and contain no spaces (got \"x\")." },
        { SchedulerErrors.HeadersTooLarge(90000), ErrorCode.InvalidArgument, "The total size of headers must be less than 80KB (got 90000 bytes)." },
        { SchedulerErrors.InvalidHeader("a b"), ErrorCode.InvalidArgument, "The header \"a b\" is not a valid HTTP header." },
        { SchedulerErrors.ServiceAccountRequired("oidc_token"), ErrorCode.InvalidArgument, "oidc_token.service_account_email must be set." },
        { SchedulerErrors.InvalidTopicName("t"), ErrorCode.InvalidArgument, "The Pub/Sub topic_name must be formatted: \"projects/<PROJECT_ID>/topics/<TOPIC_ID>\" (got \"t\")." },
        { SchedulerErrors.TopicInOtherProject("projects/q/topics/t", "p"), ErrorCode.InvalidArgument, "The Pub/Sub topic projects/q/topics/t must be in the same project as the job (p)." },
        { SchedulerErrors.EmptyPubsubMessage(), ErrorCode.InvalidArgument, "Pubsub message must contain either non-empty data, or at least one attribute." },
        { SchedulerErrors.InvalidPageSize(-1), ErrorCode.InvalidArgument, "page_size must not be negative (got -1)." },
        { SchedulerErrors.InvalidPageToken("zz"), ErrorCode.InvalidArgument, "The page token is invalid (page_token=zz)." },
        { SchedulerErrors.UnknownUpdateMaskField("color"), ErrorCode.InvalidArgument, "Invalid update_mask provided in the UpdateJobRequest: 'color' is not a known or updatable Job field." },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Catalogue_Error_HasGooglesCodeAndPinnedText(TidingsException error, ErrorCode code, string message)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Catalogue_AttemptTexts_Pinned()
    {
        Assert.Equal("", SchedulerErrors.AttemptSucceeded());
        Assert.Equal("The target answered HTTP 500.", SchedulerErrors.HttpStatusText(500));
        Assert.Equal("The target did not answer within the attempt deadline of 180s.", SchedulerErrors.TimedOutText(TimeSpan.FromMinutes(3)));
        Assert.Equal("The target could not be reached: refused", SchedulerErrors.UnreachableText("refused"));
        Assert.Equal("The target's host is not in this server's list of allowed hosts.", SchedulerErrors.NotAllowedText());
        Assert.Equal("Pub/Sub topic projects/p/topics/t not found.", SchedulerErrors.TopicNotFoundText("projects/p/topics/t"));
        Assert.Equal("Publishing to Pub/Sub failed: full", SchedulerErrors.PublishFailedText("full"));
        Assert.Equal("The server stopped while this attempt was in flight; it is not repeated, so its outcome is unknown.", SchedulerErrors.InterruptedText());
    }
}
