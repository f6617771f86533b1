using System.Net;
using System.Text.Json.Nodes;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;
using Status = Google.Rpc.Status;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>
/// Exactly-once delivery on the wire: a stale ack id fails unary Acknowledge with Google's ErrorInfo (gRPC trailer
/// and REST details), and StreamingPull flags the subscription and confirms in-stream acks and modacks per id.
/// </summary>
public sealed class ExactlyOnceTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private const string FailureText = "Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired or the acknowledgement ids were malformed.";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private async Task<(string Topic, string Subscription)> CreateAsync()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/events" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = $"projects/{project}/subscriptions/worker",
            Topic = topic.Name,
            AckDeadlineSeconds = 60,
            EnableExactlyOnceDelivery = true,
        });
        Assert.True(subscription.EnableExactlyOnceDelivery);
        await server.Publisher.PublishAsync(new PublishRequest { Topic = topic.Name, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("a") } } });
        return (topic.Name, subscription.Name);
    }

    /// <summary>Pulls the message, nacks it and pulls it again: returns the first (now stale) and the current ack id.</summary>
    private async Task<(string Stale, string Current)> StaleAndCurrentAsync(string subscription)
    {
        var first = Assert.Single((await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1 })).ReceivedMessages);
        await server.Subscriber.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = subscription, AckIds = { first.AckId }, AckDeadlineSeconds = 0 });
        var second = Assert.Single((await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1 })).ReceivedMessages);
        return (first.AckId, second.AckId);
    }

    [Fact]
    public async Task Acknowledge_StaleIdOverGrpc_InvalidArgumentWithErrorInfoNamingOnlyIt()
    {
        var (_, subscription) = await CreateAsync();
        var (stale, current) = await StaleAndCurrentAsync(subscription);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { stale, current } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(FailureText, error.Status.Detail);
        var status = Status.Parser.ParseFrom(Assert.Single(error.Trailers, entry => entry.Key == "grpc-status-details-bin").ValueBytes);
        var info = Assert.Single(status.Details).Unpack<ErrorInfo>();
        Assert.Equal("EXACTLY_ONCE_ACKID_FAILURE", info.Reason);
        Assert.Equal("pubsub.googleapis.com", info.Domain);
        Assert.Equal(new Dictionary<string, string> { [stale] = "PERMANENT_FAILURE_INVALID_ACK_ID" }, info.Metadata);
        // The current id in the same request succeeded: acking it again is now stale too.
        await Assert.ThrowsAsync<RpcException>(() =>
            server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { current } }).ResponseAsync);
    }

    [Fact]
    public async Task Acknowledge_StaleIdOverRest_ErrorBodyCarriesErrorInfo()
    {
        var (_, subscription) = await CreateAsync();
        var (stale, _) = await StaleAndCurrentAsync(subscription);

        using var body = new StringContent($$"""{"ackIds":["{{stale}}"]}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync($"/v1/{subscription}:acknowledge", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var expected = JsonNode.Parse($$$"""
            {"error":{"code":400,"message":"{{{FailureText}}}","status":"INVALID_ARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"EXACTLY_ONCE_ACKID_FAILURE","domain":"pubsub.googleapis.com",
               "metadata":{"{{{stale}}}":"PERMANENT_FAILURE_INVALID_ACK_ID"}}]}}
            """);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(text)), text);
    }

    [Fact]
    public async Task StreamingPull_ExactlyOnce_PropertiesSetAndInStreamAcksConfirmed()
    {
        var (_, subscription) = await CreateAsync();
        using var timeout = new CancellationTokenSource(Wait);
        using var call = server.Subscriber.StreamingPull(cancellationToken: timeout.Token);
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 60 });

        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        var first = call.ResponseStream.Current;
        Assert.True(first.SubscriptionProperties.ExactlyOnceDeliveryEnabled);
        var message = Assert.Single(first.ReceivedMessages);

        await call.RequestStream.WriteAsync(new StreamingPullRequest { ModifyDeadlineAckIds = { message.AckId, "garbage" }, ModifyDeadlineSeconds = { 60, 60 } });
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        var modacks = call.ResponseStream.Current;
        Assert.True(modacks.SubscriptionProperties.ExactlyOnceDeliveryEnabled);
        Assert.Equal([message.AckId], modacks.ModifyAckDeadlineConfirmation.AckIds);
        Assert.Equal(["garbage"], modacks.ModifyAckDeadlineConfirmation.InvalidAckIds);
        Assert.Null(modacks.AcknowledgeConfirmation);

        await call.RequestStream.WriteAsync(new StreamingPullRequest { AckIds = { message.AckId } });
        await call.RequestStream.WriteAsync(new StreamingPullRequest { AckIds = { message.AckId } });
        var confirmations = new List<StreamingPullResponse.Types.AcknowledgeConfirmation>();
        while (confirmations.Count < 2 && await call.ResponseStream.MoveNext(timeout.Token))
        {
            confirmations.Add(call.ResponseStream.Current.AcknowledgeConfirmation);
        }
        // The first ack succeeded; the repeat names a lease that is gone (the two may be confirmed in either order).
        Assert.Equal([message.AckId], confirmations.SelectMany(c => c.AckIds));
        Assert.Equal([message.AckId], confirmations.SelectMany(c => c.InvalidAckIds));
        await call.RequestStream.CompleteAsync();
    }
}
