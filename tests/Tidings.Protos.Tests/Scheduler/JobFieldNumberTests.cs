using Tidings.Protos.Tests.Support;

namespace Tidings.Protos.Tests.Scheduler;

/// <summary>Cloud Scheduler messages keep v1's field numbers, including the gaps Google left.</summary>
public sealed class JobFieldNumberTests
{
    [Theory]
    [InlineData("google.cloud.scheduler.v1.Job", "name", 1)]
    [InlineData("google.cloud.scheduler.v1.Job", "description", 2)]
    [InlineData("google.cloud.scheduler.v1.Job", "user_update_time", 9)]
    [InlineData("google.cloud.scheduler.v1.Job", "state", 10)]
    [InlineData("google.cloud.scheduler.v1.Job", "status", 11)]
    [InlineData("google.cloud.scheduler.v1.Job", "schedule_time", 17)]
    [InlineData("google.cloud.scheduler.v1.Job", "last_attempt_time", 18)]
    [InlineData("google.cloud.scheduler.v1.Job", "retry_config", 19)]
    [InlineData("google.cloud.scheduler.v1.Job", "schedule", 20)]
    [InlineData("google.cloud.scheduler.v1.Job", "time_zone", 21)]
    [InlineData("google.cloud.scheduler.v1.Job", "attempt_deadline", 22)]
    [InlineData("google.cloud.scheduler.v1.RetryConfig", "min_backoff_duration", 3)]
    [InlineData("google.cloud.scheduler.v1.PubsubTarget", "data", 3)]
    [InlineData("google.cloud.scheduler.v1.PubsubTarget", "attributes", 4)]
    [InlineData("google.cloud.scheduler.v1.ListJobsRequest", "page_size", 5)]
    [InlineData("google.cloud.scheduler.v1.ListJobsRequest", "page_token", 6)]
    public void Field_Number_IsV1s(string message, string field, int number)
    {
        Assert.Equal(number, Descriptors.Field(message, field).FieldNumber);
    }

    [Fact]
    public void JobTarget_Oneof_HoldsPubsubAppEngineAndHttp()
    {
        var fields = Descriptors.Message("google.cloud.scheduler.v1.Job").Oneofs.Single(o => o.Name == "target").Fields
            .Select(f => $"{f.Name}={f.FieldNumber}");

        Assert.Equal(["pubsub_target=4", "app_engine_http_target=5", "http_target=6"], fields);
    }

    [Fact]
    public void JobState_Values_AreGoogles()
    {
        var values = Descriptors.Message("google.cloud.scheduler.v1.Job").EnumTypes.Single(e => e.Name == "State").Values
            .Select(v => $"{v.Name}={v.Number}");

        Assert.Equal(["STATE_UNSPECIFIED=0", "ENABLED=1", "PAUSED=2", "DISABLED=3", "UPDATE_FAILED=4"], values);
    }
}
