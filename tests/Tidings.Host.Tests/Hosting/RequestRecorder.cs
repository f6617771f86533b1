using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tidings.Host.Tests.Hosting;

/// <summary>Records what the ASP.NET pipeline saw of each request, to check protocol and scheme from the inside.</summary>
internal sealed class RequestRecorder : IStartupFilter
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var request = context.Request;
            Requests.Enqueue(new RecordedRequest(request.Path + request.QueryString, request.Protocol, request.Scheme, request.IsHttps));
            return nextMiddleware(context);
        });
        next(app);
    };
}

internal sealed record RecordedRequest(string Target, string Protocol, string Scheme, bool IsHttps);
