using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tidings.Kernel.Errors;

namespace Tidings.WebConsole.Api;

/// <summary>Reads the small JSON bodies the page sends.</summary>
internal static class ConsoleRequests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The body as <typeparamref name="T"/>; INVALID_ARGUMENT when it is missing or not JSON of that shape.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return body ?? throw new TidingsException(ErrorCode.InvalidArgument, "The request body is empty.");
    }

    /// <summary>A required query or body field; INVALID_ARGUMENT naming it when absent.</summary>
    public static string Require(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new TidingsException(ErrorCode.InvalidArgument, $"The {field} field is required.") : value;
}
