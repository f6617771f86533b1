using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// PATCH requests shaped as gcloud's <c>topics update</c> and <c>subscriptions update</c> send them: a <c>--clear-…</c>
/// flag names the field in the mask and leaves it out of the body, and <c>--clear-push-no-wrapper-config</c> names a
/// nested path.
/// </summary>
public sealed class GcloudUpdateMaskTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(string Project, string Topic)> CreateTopicAsync()
    {
        var project = TidingsServerFixture.NewProject();
        var response = await server.Http.PutAsync($"/v1/projects/{project}/topics/orders", Json("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (project, $"projects/{project}/topics/orders");
    }

    private async Task<HttpResponseMessage> PatchAsync(string path, string body) =>
        await server.Http.PatchAsync(path, Json(body));

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task AssertNotSupportedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("status").GetString());
        Assert.Equal($"The field {field} is not supported by this Tidings server yet.", error.GetProperty("message").GetString());
    }

    /// <summary>Absent, or (until default values are left out of responses) an empty list.</summary>
    private static void AssertUnset(JsonElement resource, string field)
    {
        var unset = !resource.TryGetProperty(field, out var value) || value is { ValueKind: JsonValueKind.Array } && value.GetArrayLength() == 0;
        Assert.True(unset, $"{field} should stay unset: {resource}");
    }

    [Theory]
    [InlineData("bigqueryConfig")]
    [InlineData("cloudStorageConfig")]
    [InlineData("bigtableConfig")]
    [InlineData("messageTransforms")]
    public async Task UpdateSubscription_ClearingAnUnsupportedFeature_SucceedsAndChangesNothing(string field)
    {
        var (project, topic) = await CreateTopicAsync();
        var name = $"projects/{project}/subscriptions/billing";
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""{"topic":"{{{topic}}}","ackDeadlineSeconds":30}""")));

        var updated = await OkJsonAsync(await PatchAsync($"/v1/{name}", $$$"""{"subscription":{"name":"{{{name}}}"},"updateMask":"{{{field}}}"}"""));

        Assert.Equal(30, updated.GetProperty("ackDeadlineSeconds").GetInt32());
        AssertUnset(updated, field);
    }

    [Fact]
    public async Task UpdateSubscription_SettingAnUnsupportedFeature_IsStillRefused()
    {
        var (project, topic) = await CreateTopicAsync();
        var name = $"projects/{project}/subscriptions/billing";
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""{"topic":"{{{topic}}}"}""")));

        var response = await PatchAsync($"/v1/{name}",
            $$$"""{"subscription":{"name":"{{{name}}}","bigqueryConfig":{"table":"p.d.t"}},"updateMask":"bigqueryConfig"}""");

        await AssertNotSupportedAsync(response, "bigquery_config");
    }

    [Theory]
    [InlineData("schemaSettings")]
    [InlineData("ingestionDataSourceSettings")]
    [InlineData("messageTransforms")]
    public async Task UpdateTopic_ClearingAnUnsupportedFeature_SucceedsAndChangesNothing(string field)
    {
        var (_, topic) = await CreateTopicAsync();

        var updated = await OkJsonAsync(await PatchAsync($"/v1/{topic}", $$$"""{"topic":{"name":"{{{topic}}}"},"updateMask":"{{{field}}}"}"""));

        Assert.Equal(topic, updated.GetProperty("name").GetString());
        AssertUnset(updated, field);
    }

    [Fact]
    public async Task UpdateTopic_SettingAnUnsupportedFeature_IsStillRefused()
    {
        var (_, topic) = await CreateTopicAsync();

        var response = await PatchAsync($"/v1/{topic}",
            $$$"""{"topic":{"name":"{{{topic}}}","messageTransforms":[{"javascriptUdf":{"functionName":"f","code":"function f(m) { return m; }"}}]},"updateMask":"messageTransforms"}""");

        await AssertNotSupportedAsync(response, "message_transforms");
    }

    [Fact]
    public async Task UpdateSubscription_NestedNoWrapperPath_ClearsOnlyTheWrapperChoice()
    {
        var (project, topic) = await CreateTopicAsync();
        var name = $"projects/{project}/subscriptions/pushed";
        const string endpoint = "https://push.example.com/in";
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""
            {"topic":"{{{topic}}}","pushConfig":{"pushEndpoint":"{{{endpoint}}}","noWrapper":{"writeMetadata":true},
             "oidcToken":{"serviceAccountEmail":"pusher@p.iam.gserviceaccount.com"} } }
            """)));

        var updated = await OkJsonAsync(await PatchAsync($"/v1/{name}", $$$"""{"subscription":{"name":"{{{name}}}"},"updateMask":"pushConfig.noWrapper"}"""));

        var push = updated.GetProperty("pushConfig");
        Assert.Equal(endpoint, push.GetProperty("pushEndpoint").GetString());
        Assert.False(push.TryGetProperty("noWrapper", out _), $"noWrapper should be cleared: {push}");
        Assert.Equal("pusher@p.iam.gserviceaccount.com", push.GetProperty("oidcToken").GetProperty("serviceAccountEmail").GetString());
    }

    [Fact]
    public async Task UpdateSubscription_NestedPushEndpointPath_KeepsTheRestOfThePushConfig()
    {
        var (project, topic) = await CreateTopicAsync();
        var name = $"projects/{project}/subscriptions/pushed";
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""
            {"topic":"{{{topic}}}","pushConfig":{"pushEndpoint":"https://push.example.com/old","noWrapper":{"writeMetadata":true} } }
            """)));

        var updated = await OkJsonAsync(await PatchAsync($"/v1/{name}",
            $$$"""{"subscription":{"name":"{{{name}}}","pushConfig":{"pushEndpoint":"https://push.example.com/new"}},"updateMask":"pushConfig.pushEndpoint"}"""));

        var push = updated.GetProperty("pushConfig");
        Assert.Equal("https://push.example.com/new", push.GetProperty("pushEndpoint").GetString());
        Assert.True(push.GetProperty("noWrapper").GetProperty("writeMetadata").GetBoolean());
    }

    [Fact]
    public async Task UpdateSubscription_UnknownNestedPushConfigPath_IsInvalidArgument()
    {
        var (project, topic) = await CreateTopicAsync();
        var name = $"projects/{project}/subscriptions/billing";
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""{"topic":"{{{topic}}}"}""")));

        var response = await PatchAsync($"/v1/{name}", $$$"""{"subscription":{"name":"{{{name}}}"},"updateMask":"pushConfig.color"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(
            "Invalid update_mask provided in the UpdateSubscriptionRequest: 'push_config.color' is not a known Subscription field. Note that field paths must be of the form 'field' or 'nested.field'.",
            error.GetProperty("message").GetString());
    }
}
