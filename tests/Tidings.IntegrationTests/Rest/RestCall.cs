using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Tidings.IntegrationTests.Rest;

/// <summary>One REST call's answer, with its body both raw and parsed.</summary>
internal sealed record RestCall(HttpStatusCode Status, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");

    public static async Task<RestCall> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        return new RestCall(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void AssertStatusOk() => Assert.True(Status == HttpStatusCode.OK, $"HTTP {(int)Status}: {Body}");

    /// <summary>Asserts the call succeeded and its body is exactly this JSON (same members, same values).</summary>
    public void AssertOk(string expectedJson)
    {
        AssertStatusOk();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), Json), $"expected {expectedJson}\nbut got  {Body}");
    }
}
