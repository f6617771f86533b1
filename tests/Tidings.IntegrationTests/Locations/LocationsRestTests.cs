using System.Net;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.IntegrationTests.Rest;

namespace Tidings.IntegrationTests.Locations;

/// <summary>
/// The Locations mixin's REST routes: Cloud Tasks' under <c>/v2</c>, Cloud Scheduler's (and the Node clients' REST
/// fallback) under <c>/v1</c>; and no catch-all <c>GET /v1/{name}</c> from the mixin's own HTTP rules.
/// </summary>
public sealed class LocationsRestTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly string _project = TidingsServerFixture.NewProject();

    private Task<RestCall> GetAsync(string path) => RestCall.SendAsync(server.Http, HttpMethod.Get, path);

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task GetLocation_EitherVersion_AnswersGooglesJson(string version)
    {
        var answer = await GetAsync($"/{version}/projects/{_project}/locations/us-central1?$alt=json%3Benum-encoding=int");

        answer.AssertOk($$"""
            {"name":"projects/{{_project}}/locations/us-central1","labels":{"cloud.googleapis.com/region":"us-central1"},
             "locationId":"us-central1","displayName":"Iowa"}
            """);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task ListLocations_PageSizeAndToken_PageThroughTheList(string version)
    {
        var first = await GetAsync($"/{version}/projects/{_project}/locations?pageSize=2");
        first.AssertStatusOk();
        Assert.Equal(["asia-east1", "asia-east2"], first.Json["locations"]!.AsArray().Select(location => location!["locationId"]!.GetValue<string>()));

        var token = first.Json["nextPageToken"]!.GetValue<string>();
        var second = await GetAsync($"/{version}/projects/{_project}/locations?page_size=1&page_token={token}");

        second.AssertStatusOk();
        Assert.Equal("asia-northeast1", second.Json["locations"]![0]!["locationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListLocations_Filter_KeepsMatches()
    {
        var answer = await GetAsync($"/v2/projects/{_project}/locations?filter=displayName%3Dtokyo");

        answer.AssertOk($$"""
            {"locations":[{"name":"projects/{{_project}}/locations/asia-northeast1","labels":{"cloud.googleapis.com/region":"asia-northeast1"},
             "locationId":"asia-northeast1","displayName":"Tokyo"}]}
            """);
    }

    [Fact]
    public async Task ListLocations_PageSizeNotANumber_AnswersGooglesErrorShape()
    {
        var answer = await GetAsync($"/v1/projects/{_project}/locations?pageSize=ten");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"error":{"code":400,"message":"Invalid value at 'page_size' (TYPE_INT32), \"ten\"","status":"INVALID_ARGUMENT"}}"""),
            answer.Json), answer.Body);
    }

    [Fact]
    public async Task GetLocation_MalformedLocation_AnswersInvalidArgument()
    {
        var answer = await GetAsync($"/v2/projects/{_project}/locations/us_central1");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("INVALID_ARGUMENT", answer.Json["error"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v1/locations")]
    [InlineData("/v1/anything")]
    [InlineData("/v1/locations/us-central1")]
    public async Task Get_PathsOnlyTheMixinsOwnRulesName_AreNotFound(string path)
    {
        var answer = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task GetTopic_BesideTheLocationRoutes_StillReachesPubSub()
    {
        var answer = await GetAsync($"/v1/projects/{_project}/topics/absent");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("Resource not found (resource=absent).", answer.Json["error"]!["message"]!.GetValue<string>());
    }
}
