using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Rest;

/// <summary>
/// Dead-letter and retry policies over REST as gcloud and curl send them: set at creation, read back in Google's
/// JSON, changed by top-level and nested mask paths, cleared by a mask without the field, refused out of range.
/// </summary>
public sealed class DeliveryPoliciesRestTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A project with topics orders and dead; returns the project and the subscription name to use.</summary>
    private async Task<(string Project, string Subscription)> CreateTopicsAsync()
    {
        var project = TidingsServerFixture.NewProject();
        await OkJsonAsync(await server.Http.PutAsync($"/v1/projects/{project}/topics/orders", Json("{}")));
        await OkJsonAsync(await server.Http.PutAsync($"/v1/projects/{project}/topics/dead", Json("{}")));
        return (project, $"projects/{project}/subscriptions/billing");
    }

    private async Task<JsonElement> CreateWithPoliciesAsync(string project, string name) =>
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""
            {"topic":"projects/{{{project}}}/topics/orders",
             "deadLetterPolicy":{"deadLetterTopic":"projects/{{{project}}}/topics/dead"},
             "retryPolicy":{"minimumBackoff":"1.500s"}}
            """)));

    [Fact]
    public async Task Create_Policies_ReadBackWithGooglesDefaults()
    {
        var (project, name) = await CreateTopicsAsync();

        await CreateWithPoliciesAsync(project, name);
        var got = await OkJsonAsync(await server.Http.GetAsync($"/v1/{name}"));

        Assert.Equal($"projects/{project}/topics/dead", got.GetProperty("deadLetterPolicy").GetProperty("deadLetterTopic").GetString());
        Assert.Equal(5, got.GetProperty("deadLetterPolicy").GetProperty("maxDeliveryAttempts").GetInt32());
        Assert.Equal("1.500s", got.GetProperty("retryPolicy").GetProperty("minimumBackoff").GetString());
        Assert.Equal("600s", got.GetProperty("retryPolicy").GetProperty("maximumBackoff").GetString());
    }

    [Theory]
    [InlineData("deadLetterPolicy.maxDeliveryAttempts")]
    [InlineData("dead_letter_policy.max_delivery_attempts")]
    public async Task Update_NestedAttemptsPath_ChangesOnlyTheAttempts(string mask)
    {
        var (project, name) = await CreateTopicsAsync();
        await CreateWithPoliciesAsync(project, name);

        var updated = await OkJsonAsync(await server.Http.PatchAsync($"/v1/{name}",
            Json($$$"""{"subscription":{"name":"{{{name}}}","deadLetterPolicy":{"maxDeliveryAttempts":42}},"updateMask":"{{{mask}}}"}""")));

        Assert.Equal(42, updated.GetProperty("deadLetterPolicy").GetProperty("maxDeliveryAttempts").GetInt32());
        Assert.Equal($"projects/{project}/topics/dead", updated.GetProperty("deadLetterPolicy").GetProperty("deadLetterTopic").GetString());
    }

    [Fact]
    public async Task Update_MaskWithoutThePolicies_ClearsThem()
    {
        var (project, name) = await CreateTopicsAsync();
        await CreateWithPoliciesAsync(project, name);

        var updated = await OkJsonAsync(await server.Http.PatchAsync($"/v1/{name}",
            Json($$$"""{"subscription":{"name":"{{{name}}}"},"updateMask":"deadLetterPolicy,retryPolicy"}""")));

        Assert.False(updated.TryGetProperty("deadLetterPolicy", out _));
        Assert.False(updated.TryGetProperty("retryPolicy", out _));
    }

    [Fact]
    public async Task Create_TooFewAttempts_OutOfRangeAs400()
    {
        var (project, name) = await CreateTopicsAsync();

        var response = await server.Http.PutAsync($"/v1/{name}", Json($$$"""
            {"topic":"projects/{{{project}}}/topics/orders","deadLetterPolicy":{"deadLetterTopic":"projects/{{{project}}}/topics/dead","maxDeliveryAttempts":3}}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("OUT_OF_RANGE", error.GetProperty("status").GetString());
        Assert.Equal("The value for max_delivery_attempts is too small. You passed 3 in the request, but the minimum value is 5.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_MissingDeadLetterTopic_NotFound()
    {
        var (project, name) = await CreateTopicsAsync();

        var response = await server.Http.PutAsync($"/v1/{name}", Json($$$"""
            {"topic":"projects/{{{project}}}/topics/orders","deadLetterPolicy":{"deadLetterTopic":"projects/{{{project}}}/topics/nowhere"}}
            """));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Resource not found (resource=nowhere).",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Pull_WithADeadLetterPolicy_ReportsTheDeliveryAttempt()
    {
        var (project, name) = await CreateTopicsAsync();
        await OkJsonAsync(await server.Http.PutAsync($"/v1/{name}", Json($$$"""
            {"topic":"projects/{{{project}}}/topics/orders","deadLetterPolicy":{"deadLetterTopic":"projects/{{{project}}}/topics/dead"}}
            """)));
        await OkJsonAsync(await server.Http.PostAsync($"/v1/projects/{project}/topics/orders:publish", Json("""{"messages":[{"data":"aGk="}]}""")));

        var pulled = await OkJsonAsync(await server.Http.PostAsync($"/v1/{name}:pull", Json("""{"maxMessages":1}""")));

        Assert.Equal(1, pulled.GetProperty("receivedMessages")[0].GetProperty("deliveryAttempt").GetInt32());
    }
}
