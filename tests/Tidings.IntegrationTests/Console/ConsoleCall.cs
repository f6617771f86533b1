using System.Net.Http.Json;
using System.Text.Json;

namespace Tidings.IntegrationTests.Console;

/// <summary>Calls the console's JSON API as its page does: GETs with a query, POSTs with JSON and the change header.</summary>
internal static class ConsoleCall
{
    public static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient http, string pathAndQuery)
    {
        using var response = await http.GetAsync($"/console/api/{pathAndQuery}");
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient http, string path, object body, bool withHeader = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/api/{path}") { Content = JsonContent.Create(body) };
        if (withHeader)
        {
            request.Headers.Add("X-Tidings-Console", "1");
        }
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
