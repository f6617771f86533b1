using System.Net;
using System.Text;
using System.Text.Json;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// bytes fields in URL-safe base64, as gcloud sends them (`gcloud pubsub topics publish t --message='??>'` sends
/// "Pz8-"), and without padding: read as the same bytes, as Google reads them.
/// </summary>
public sealed class RestUrlSafeBase64Tests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> PublishAndPullDataAsync(string data)
    {
        var project = TidingsServerFixture.NewProject();
        await server.Http.PutAsync($"/v1/projects/{project}/topics/tpc", Json("{}"));
        await server.Http.PutAsync($"/v1/projects/{project}/subscriptions/sub", Json($$"""{"topic":"projects/{{project}}/topics/tpc"}"""));

        var publish = await server.Http.PostAsync($"/v1/projects/{project}/topics/tpc:publish", Json($$$"""{"messages":[{"data":"{{{data}}}","attributes":{"under_score":"dash-ed"}}]}"""));
        Assert.True(publish.StatusCode == HttpStatusCode.OK, await publish.Content.ReadAsStringAsync());

        var pull = await server.Http.PostAsync($"/v1/projects/{project}/subscriptions/sub:pull", Json("""{"maxMessages":1}"""));
        var message = JsonDocument.Parse(await pull.Content.ReadAsStringAsync()).RootElement.GetProperty("receivedMessages")[0].GetProperty("message");
        Assert.Equal("dash-ed", message.GetProperty("attributes").GetProperty("under_score").GetString());
        return message.GetProperty("data").GetString()!;
    }

    [Theory]
    [InlineData("Pz8-", "Pz8+")]          // "??>" URL-safe
    [InlineData("Pz8_", "Pz8/")]          // "???" URL-safe
    [InlineData("aGk", "aGk=")]           // "hi" without padding
    [InlineData("aGk=", "aGk=")]          // standard, untouched
    public async Task Publish_DataInAnyBase64Form_StoresTheSameBytes(string sent, string answered)
    {
        Assert.Equal(answered, await PublishAndPullDataAsync(sent));
    }

    [Fact]
    public async Task Publish_NotBase64_StillRefusedAsBadJson()
    {
        var project = TidingsServerFixture.NewProject();
        await server.Http.PutAsync($"/v1/projects/{project}/topics/tpc", Json("{}"));

        var publish = await server.Http.PostAsync($"/v1/projects/{project}/topics/tpc:publish", Json("""{"messages":[{"data":"not base64!"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
    }
}
