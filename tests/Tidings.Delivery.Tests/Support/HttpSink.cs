using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tidings.Delivery.Tests.Support;

/// <summary>
/// A local HTTP/1.1 endpoint on 127.0.0.1 and a free port that records every request and answers with
/// <see cref="Respond"/> (default: 200, empty body). Header values are read as UTF-8. Shared by the tests
/// of a class as a class fixture (they run one at a time), which call <see cref="Reset"/> first.
/// </summary>
public sealed class HttpSink : IAsyncLifetime
{
    private ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private WebApplication _app = null!;

    /// <summary>Answers a request after it was recorded; may wait on <see cref="HttpContext.RequestAborted"/>.</summary>
    public Func<HttpContext, Task> Respond { get; set; } = _ => Task.CompletedTask;

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.UTF8);
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        BaseUri = new Uri(address);
    }

    /// <summary>Forgets recorded requests and restores the default answer.</summary>
    public void Reset()
    {
        _requests = new ConcurrentQueue<RecordedRequest>();
        while (_arrived.Wait(0))
        {
        }
        Respond = _ => Task.CompletedTask;
    }

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>Waits (up to 10 s) until a request has arrived, returning it.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync()
    {
        if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("No request reached the sink within 10 s.");
        }
        return _requests.Last();
    }

    public async Task DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stopping.Token);
        }
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(
            context.Connection.Id, context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()));
        _arrived.Release();
        await Respond(context);
    }
}
