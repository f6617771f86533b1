using Tidings.Api.Rest;
using Tidings.Api.Tests.Support;

namespace Tidings.Api.Tests.Rest;

/// <summary>What the pipeline writes is held back until sent, as written or rewritten, and the client's stream is restored.</summary>
public sealed class CapturedResponseTests
{
    [Fact]
    public async Task CaptureAsync_PipelineWrites_HeldBackWithItsStatus()
    {
        var context = HttpContexts.WithClient(out var client);

        using var response = await CapturedResponse.CaptureAsync(context, HttpContexts.Answering(404, "not here"));

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("not here"u8.ToArray(), response.Body.ToArray());
        Assert.Equal(0, client.Length);
        Assert.Same(client, context.Response.Body);
    }

    [Fact]
    public async Task SendAsync_Captured_ClientGetsWhatThePipelineWrote()
    {
        var context = HttpContexts.WithClient(out var client);
        using var response = await CapturedResponse.CaptureAsync(context, HttpContexts.Answering(200, "{\"a\":1}"));

        await response.SendAsync();

        Assert.Equal("{\"a\":1}", HttpContexts.Text(client));
    }

    [Fact]
    public async Task SendRewrittenAsync_NewBody_ClientGetsItWithItsLength()
    {
        var context = HttpContexts.WithClient(out var client);
        using var response = await CapturedResponse.CaptureAsync(context, async inner =>
        {
            inner.Response.ContentLength = 7;
            await HttpContexts.Answering(200, "written")(inner);
        });

        await response.SendRewrittenAsync("rewritten"u8.ToArray());

        Assert.Equal("rewritten", HttpContexts.Text(client));
        Assert.Equal(9, context.Response.ContentLength);
    }

    [Fact]
    public async Task CaptureAsync_PipelineThrows_ErrorPropagatesAndTheClientStreamIsBack()
    {
        var context = HttpContexts.WithClient(out var client);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CapturedResponse.CaptureAsync(context, _ => throw new InvalidOperationException("boom")));

        Assert.Same(client, context.Response.Body);
        Assert.Equal(0, client.Length);
    }
}
