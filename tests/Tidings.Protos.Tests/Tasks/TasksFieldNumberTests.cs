using Tidings.Protos.Tests.Support;

namespace Tidings.Protos.Tests.Tasks;

/// <summary>
/// Cloud Tasks messages keep v2's field numbers. v2beta3 numbers several of them differently
/// (Queue.rate_limits 4, Task.http_request 11), so a mix-up would break the wire silently.
/// </summary>
public sealed class TasksFieldNumberTests
{
    [Theory]
    [InlineData("google.cloud.tasks.v2.Queue", "name", 1)]
    [InlineData("google.cloud.tasks.v2.Queue", "app_engine_routing_override", 2)]
    [InlineData("google.cloud.tasks.v2.Queue", "rate_limits", 3)]
    [InlineData("google.cloud.tasks.v2.Queue", "retry_config", 4)]
    [InlineData("google.cloud.tasks.v2.Queue", "state", 5)]
    [InlineData("google.cloud.tasks.v2.Queue", "purge_time", 6)]
    [InlineData("google.cloud.tasks.v2.Queue", "stackdriver_logging_config", 9)]
    [InlineData("google.cloud.tasks.v2.RateLimits", "max_burst_size", 2)]
    [InlineData("google.cloud.tasks.v2.RateLimits", "max_concurrent_dispatches", 3)]
    [InlineData("google.cloud.tasks.v2.RetryConfig", "max_retry_duration", 2)]
    [InlineData("google.cloud.tasks.v2.RetryConfig", "max_doublings", 5)]
    [InlineData("google.cloud.tasks.v2.Task", "app_engine_http_request", 2)]
    [InlineData("google.cloud.tasks.v2.Task", "http_request", 3)]
    [InlineData("google.cloud.tasks.v2.Task", "schedule_time", 4)]
    [InlineData("google.cloud.tasks.v2.Task", "dispatch_deadline", 6)]
    [InlineData("google.cloud.tasks.v2.Task", "last_attempt", 10)]
    [InlineData("google.cloud.tasks.v2.Task", "view", 11)]
    [InlineData("google.cloud.tasks.v2.HttpRequest", "oauth_token", 5)]
    [InlineData("google.cloud.tasks.v2.HttpRequest", "oidc_token", 6)]
    [InlineData("google.cloud.tasks.v2.CreateTaskRequest", "response_view", 3)]
    public void Field_Number_IsV2s(string message, string field, int number)
    {
        Assert.Equal(number, Descriptors.Field(message, field).FieldNumber);
    }

    [Theory]
    [InlineData("google.cloud.tasks.v2.Task", "message_type", new[] { "app_engine_http_request", "http_request" })]
    [InlineData("google.cloud.tasks.v2.HttpRequest", "authorization_header", new[] { "oauth_token", "oidc_token" })]
    public void Oneof_Fields_AreV2s(string message, string oneof, string[] fields)
    {
        Assert.Equal(fields, Descriptors.OneofFields(message, oneof));
    }

    [Fact]
    public void HttpMethod_Values_AreGoogles()
    {
        var values = Google.Cloud.Tasks.V2.TargetReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("HttpMethod")
            .Values.Select(v => $"{v.Name}={v.Number}");

        Assert.Equal(["HTTP_METHOD_UNSPECIFIED=0", "POST=1", "GET=2", "HEAD=3", "PUT=4", "DELETE=5", "PATCH=6", "OPTIONS=7"], values);
    }
}
