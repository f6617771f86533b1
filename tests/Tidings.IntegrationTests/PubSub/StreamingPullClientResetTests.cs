using Google.Cloud.PubSub.V1;
using Microsoft.Extensions.Logging;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>
/// The Node client cancels its StreamingPull call every time a subscriber closes: an ordinary end of a stream,
/// worth a Debug line, not an error with a stack trace.
/// </summary>
public sealed class StreamingPullClientResetTests(LogRecordingServerFixture server) : IClassFixture<LogRecordingServerFixture>
{
    [Fact]
    public async Task StreamingPull_ClientCancels_LogsDebugNotError()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/events" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/worker", Topic = topic.Name });
        using var cancel = new CancellationTokenSource();
        using var call = server.Subscriber.StreamingPull(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription.Name, StreamAckDeadlineSeconds = 10, ProtocolVersion = 1 });
        // A ping round trip proves the session is set up before the client goes away.
        await call.RequestStream.WriteAsync(new StreamingPullRequest());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        await cancel.CancelAsync();

        await Eventually.TrueAsync(() => server.Logs.Entries.Any(e => e.Message.Contains(subscription.Name, StringComparison.Ordinal) && e.Level == LogLevel.Debug),
            "a Debug line about the stream the client ended");
        // Nothing louder than Debug about it, and no stack trace at any level that is on by default.
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Information && e.Exception is not null);
    }
}
