using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>
/// A unary gRPC request over 10,485,760 bytes gets Google's INVALID_ARGUMENT
/// <c>Request payload size exceeds the limit: 10485760 bytes.</c> at any size, also past gRPC's own receive
/// limit (which would answer RESOURCE_EXHAUSTED); a request of exactly the limit is served.
/// </summary>
public sealed class GrpcRequestSizeLimitTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private const int Limit = 10_485_760;
    private const string Refusal = "Request payload size exceeds the limit: 10485760 bytes.";

    private readonly string _topic = $"projects/{TidingsServerFixture.NewProject()}/topics/big";

    /// <summary>A publish request whose encoding is exactly <paramref name="requestBytes"/> long.</summary>
    private PublishRequest PublishRequestOf(int requestBytes)
    {
        var request = new PublishRequest { Topic = _topic, Messages = { new PubsubMessage { Data = ByteString.CopyFrom(new byte[requestBytes]) } } };
        var overhead = request.CalculateSize() - requestBytes;
        request.Messages[0].Data = ByteString.CopyFrom(new byte[requestBytes - overhead]);
        Assert.Equal(requestBytes, request.CalculateSize());
        return request;
    }

    private async Task CreateTopicAsync() => await server.Publisher.CreateTopicAsync(new Topic { Name = _topic });

    [Fact]
    public async Task Publish_RequestOfExactlyTheLimit_IsServed()
    {
        await CreateTopicAsync();

        var response = await server.Publisher.PublishAsync(PublishRequestOf(Limit));

        Assert.Single(response.MessageIds);
    }

    [Theory]
    [InlineData(Limit + 1)]
    [InlineData(30_000_000)]
    public async Task Publish_RequestOverTheLimit_IsInvalidArgumentWithGooglesText(int requestBytes)
    {
        await CreateTopicAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Publisher.PublishAsync(PublishRequestOf(requestBytes)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(Refusal, error.Status.Detail);
    }

    [Fact]
    public async Task CreateTopic_RequestOverTheLimit_IsRefusedToo()
    {
        var topic = new Topic { Name = _topic };
        for (var i = 0; topic.CalculateSize() <= Limit; i++)
        {
            topic.Labels[$"label-{i}"] = new string('v', 1000);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Publisher.CreateTopicAsync(topic).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(Refusal, error.Status.Detail);
    }

    [Fact]
    public async Task Publish_AfterARefusalOnTheSameChannel_StillWorks()
    {
        await CreateTopicAsync();
        await Assert.ThrowsAsync<RpcException>(() => server.Publisher.PublishAsync(PublishRequestOf(30_000_000)).ResponseAsync);

        var response = await server.Publisher.PublishAsync(new PublishRequest { Topic = _topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("small") } } });

        Assert.Single(response.MessageIds);
    }
}
