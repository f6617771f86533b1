using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Rest;

/// <summary>
/// The body the rest of the pipeline wrote, held in memory instead of sent, so that a middleware can read it and then
/// send it on as it is or rewritten. Only the body is held back: status and headers stay on the context, and nothing
/// reaches the client before one of the send methods (the context's body stream is its own again from the moment
/// <see cref="CaptureAsync"/> returns or throws).
/// </summary>
internal sealed class CapturedResponse : IDisposable
{
    private readonly HttpContext _context;
    private readonly MemoryStream _buffer;

    private CapturedResponse(HttpContext context, MemoryStream buffer)
    {
        _context = context;
        _buffer = buffer;
    }

    /// <summary>The status the pipeline set.</summary>
    public int StatusCode => _context.Response.StatusCode;

    /// <summary>What the pipeline wrote; valid until disposed.</summary>
    public ReadOnlyMemory<byte> Body => _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);

    /// <summary>Runs <paramref name="next"/> with the response body going to memory.</summary>
    public static async Task<CapturedResponse> CaptureAsync(HttpContext context, RequestDelegate next)
    {
        var client = context.Response.Body;
        var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
            return new CapturedResponse(context, buffer);
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            context.Response.Body = client;
        }
    }

    /// <summary>Sends the body as the pipeline wrote it.</summary>
    public Task SendAsync() => _context.Response.Body.WriteAsync(Body, _context.RequestAborted).AsTask();

    /// <summary>Sends <paramref name="body"/> instead, with its length.</summary>
    public Task SendRewrittenAsync(byte[] body)
    {
        _context.Response.ContentLength = body.Length;
        return _context.Response.Body.WriteAsync(body, _context.RequestAborted).AsTask();
    }

    public void Dispose() => _buffer.Dispose();
}
