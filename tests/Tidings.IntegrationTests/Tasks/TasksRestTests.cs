using System.Net;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.IntegrationTests.Rest;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Tasks;

/// <summary>
/// Cloud Tasks' REST form from the protos' HTTP rules: POST, PATCH (mask in the query, either naming), the custom
/// verbs, DELETE answering <c>{}</c>, numeric enums on request, and Google's error shape.
/// </summary>
public sealed class TasksRestTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _location = $"projects/{TidingsServerFixture.NewProject()}/locations/us-central1";

    private Task<RestCall> SendAsync(HttpMethod method, string path, string? json = null) =>
        RestCall.SendAsync(server.Http, method, $"/v2/{path}", json);

    [Fact]
    public async Task QueueVerbs_PostPatchCustomVerbsDelete()
    {
        var queue = $"{_location}/queues/rest";

        var created = await SendAsync(HttpMethod.Post, $"{_location}/queues", $$"""{"name":"{{queue}}"}""");
        var patched = await SendAsync(HttpMethod.Patch, $"{queue}?updateMask=rateLimits.maxDispatchesPerSecond,retry_config.max_attempts",
            """{"rateLimits":{"maxDispatchesPerSecond":20},"retryConfig":{"maxAttempts":3}}""");
        var paused = await SendAsync(HttpMethod.Post, $"{queue}:pause", "{}");
        var listed = await SendAsync(HttpMethod.Get, $"{_location}/queues?filter=state%3A%20PAUSED");
        var resumed = await SendAsync(HttpMethod.Post, $"{queue}:resume", "{}");
        var purged = await SendAsync(HttpMethod.Post, $"{queue}:purge", "{}");
        var policy = await SendAsync(HttpMethod.Post, $"{queue}:getIamPolicy", "{}");
        var deleted = await SendAsync(HttpMethod.Delete, queue);

        created.AssertStatusOk();
        Assert.Equal("RUNNING", created.Json["state"]!.GetValue<string>());
        Assert.Equal(100, created.Json["rateLimits"]!["maxBurstSize"]!.GetValue<int>());
        Assert.Equal("0.100s", created.Json["retryConfig"]!["minBackoff"]!.GetValue<string>());
        patched.AssertStatusOk();
        Assert.Equal(20, patched.Json["rateLimits"]!["maxDispatchesPerSecond"]!.GetValue<double>());
        Assert.Equal(3, patched.Json["retryConfig"]!["maxAttempts"]!.GetValue<int>());
        Assert.Equal("PAUSED", paused.Json["state"]!.GetValue<string>());
        Assert.Equal(queue, listed.Json["queues"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("RUNNING", resumed.Json["state"]!.GetValue<string>());
        Assert.NotNull(purged.Json["purgeTime"]);
        Assert.Equal("ACAB", policy.Json["etag"]!.GetValue<string>());
        deleted.AssertOk("{}");
    }

    [Fact]
    public async Task TaskVerbs_CreateGetRunDelete()
    {
        var queue = $"{_location}/queues/tasks";
        (await SendAsync(HttpMethod.Post, $"{_location}/queues", $$"""{"name":"{{queue}}"}""")).AssertStatusOk();
        (await SendAsync(HttpMethod.Post, $"{queue}:pause", "{}")).AssertStatusOk();

        var created = await SendAsync(HttpMethod.Post, $"{queue}/tasks",
            $$$"""{"task":{"name":"{{{queue}}}/tasks/t1","httpRequest":{"url":"http://127.0.0.1:9/","httpMethod":"PUT","body":"aGk="}},"responseView":"FULL"}""");
        var fetched = await SendAsync(HttpMethod.Get, $"{queue}/tasks/t1?responseView=FULL");
        var listed = await SendAsync(HttpMethod.Get, $"{queue}/tasks?pageSize=10");
        var deleted = await SendAsync(HttpMethod.Delete, $"{queue}/tasks/t1");
        var missing = await SendAsync(HttpMethod.Post, $"{queue}/tasks/t1:run", "{}");

        created.AssertStatusOk();
        Assert.Equal("PUT", created.Json["httpRequest"]!["httpMethod"]!.GetValue<string>());
        Assert.Equal("FULL", created.Json["view"]!.GetValue<string>());
        Assert.Equal("aGk=", fetched.Json["httpRequest"]!["body"]!.GetValue<string>());
        Assert.Equal($"{queue}/tasks/t1", listed.Json["tasks"]![0]!["name"]!.GetValue<string>());
        deleted.AssertOk("{}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("NOT_FOUND", missing.Json["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task NumericEnums_AsTheNodeRestFallbackSendsThem()
    {
        var queue = $"{_location}/queues/numeric";
        (await SendAsync(HttpMethod.Post, $"{_location}/queues", $$"""{"name":"{{queue}}"}""")).AssertStatusOk();
        (await SendAsync(HttpMethod.Post, $"{queue}:pause?$alt=json%3Benum-encoding=int", "{}")).AssertStatusOk();

        var created = await SendAsync(HttpMethod.Post, $"{queue}/tasks?$alt=json%3Benum-encoding=int",
            """{"task":{"httpRequest":{"url":"http://127.0.0.1:9/","httpMethod":2}},"responseView":2}""");
        var queueJson = await SendAsync(HttpMethod.Get, $"{queue}?$alt=json%3Benum-encoding=int");

        created.AssertStatusOk();
        Assert.Equal(2, created.Json["httpRequest"]!["httpMethod"]!.GetValue<int>());
        Assert.Equal(2, created.Json["view"]!.GetValue<int>());
        Assert.Equal(2, queueJson.Json["state"]!.GetValue<int>());
    }

    [Fact]
    public async Task Errors_GooglesShape()
    {
        var missing = await SendAsync(HttpMethod.Get, $"{_location}/queues/absent");
        var duplicate = await SendAsync(HttpMethod.Post, $"{_location}/queues", $$"""{"name":"{{_location}}/queues/dup"}""");
        var again = await SendAsync(HttpMethod.Post, $"{_location}/queues", $$"""{"name":"{{_location}}/queues/dup"}""");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.",
            missing.Json["error"]!["message"]!.GetValue<string>());
        duplicate.AssertStatusOk();
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ALREADY_EXISTS", again.Json["error"]!["status"]!.GetValue<string>());
    }
}
