using Microsoft.AspNetCore.Http;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>Which unit a request goes to (by name; empty for none), by its path: <see cref="UnitRoutes"/>.</summary>
public sealed class UnitRoutesTests
{
    [Theory]
    [InlineData("/google.pubsub.v1.Publisher/Publish", "pubsub")]
    [InlineData("/google.pubsub.v1.Subscriber/StreamingPull", "pubsub")]
    [InlineData("/google.pubsub.v1.SchemaService/CreateSchema", "pubsub")]
    [InlineData("/google.iam.v1.IAMPolicy/GetIamPolicy", "pubsub")]
    [InlineData("/google.cloud.tasks.v2.CloudTasks/CreateTask", "tasks")]
    [InlineData("/google.cloud.scheduler.v1.CloudScheduler/RunJob", "scheduler")]
    [InlineData("/google.cloud.location.Locations/ListLocations", "")]
    public void Grpc_ByService(string path, string unit) => Assert.Equal(unit, UnitRoutes.Of(Request("POST", path, grpc: true))?.Name() ?? "");

    [Theory]
    [InlineData("PUT", "/v1/projects/p/topics/t", "pubsub")]
    [InlineData("POST", "/v1/projects/p/topics/t:publish", "pubsub")]
    [InlineData("GET", "/v1/projects/p/subscriptions", "pubsub")]
    [InlineData("POST", "/v1/projects/p/subscriptions/s:pull", "pubsub")]
    [InlineData("GET", "/v1/projects/p/snapshots/s", "pubsub")]
    [InlineData("POST", "/v1/projects/p/schemas:validate", "pubsub")]
    [InlineData("POST", "/v1/projects/p/topics/t:getIamPolicy", "pubsub")]
    [InlineData("POST", "/v2/projects/p/locations/l/queues", "tasks")]
    [InlineData("POST", "/v2/projects/p/locations/l/queues/q/tasks/t:run", "tasks")]
    [InlineData("POST", "/v2/projects/p/locations/l/queues/q:getIamPolicy", "tasks")]
    [InlineData("GET", "/v1/projects/p/locations/l/jobs", "scheduler")]
    [InlineData("POST", "/v1/projects/p/locations/l/jobs/j:run", "scheduler")]
    [InlineData("GET", "/v1/projects/p/locations", "")]
    [InlineData("GET", "/v2/projects/p/locations/l", "")]
    [InlineData("GET", "/console/api/pubsub", "pubsub")]
    [InlineData("POST", "/console/api/tasks/purge", "tasks")]
    [InlineData("GET", "/console/api/scheduler/runs", "scheduler")]
    [InlineData("GET", "/console/api/overview", "")]
    [InlineData("GET", "/console/api/overview?service=tasks", "tasks")]
    [InlineData("GET", "/console", "")]
    [InlineData("GET", "/oauth2/v3/certs", "")]
    [InlineData("GET", "/v1/nothing", "")]
    public void Rest_ByCollection(string method, string pathAndQuery, string unit) =>
        Assert.Equal(unit, UnitRoutes.Of(Request(method, pathAndQuery, grpc: false))?.Name() ?? "");

    private static HttpRequest Request(string method, string pathAndQuery, bool grpc)
    {
        var context = new DefaultHttpContext();
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (grpc)
        {
            context.Request.ContentType = "application/grpc";
        }
        return context.Request;
    }
}
