using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Tests.Support;

/// <summary>Contexts for middleware tests, without a server: the response body is a memory stream standing for the client.</summary>
internal static class HttpContexts
{
    /// <summary>A context whose response body is <paramref name="client"/>: what the client would receive.</summary>
    public static DefaultHttpContext WithClient(out MemoryStream client, string query = "")
    {
        client = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = client;
        return context;
    }

    /// <summary>The rest of the pipeline, answering <paramref name="status"/> with <paramref name="body"/>.</summary>
    public static RequestDelegate Answering(int status, string body) => async context =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(body);
    };

    public static string Text(MemoryStream client) => System.Text.Encoding.UTF8.GetString(client.ToArray());
}
