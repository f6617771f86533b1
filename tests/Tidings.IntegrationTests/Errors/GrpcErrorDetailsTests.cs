using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Tidings.IntegrationTests.Faults;
using Status = Google.Rpc.Status;

namespace Tidings.IntegrationTests.Errors;

/// <summary>Over gRPC, a domain error's details arrive as a google.rpc.Status in the grpc-status-details-bin trailer.</summary>
public sealed class GrpcErrorDetailsTests(FailingStorageFixture server) : IClassFixture<FailingStorageFixture>
{
    private const string DetailsTrailer = "grpc-status-details-bin";

    private async Task<RpcException> PublishFailingWithAsync(Exception error)
    {
        var topic = await DetailedErrors.FailingTopicAsync(server, error);
        try
        {
            var request = new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("x") } } };
            return await Assert.ThrowsAsync<RpcException>(() => server.Publisher.PublishAsync(request).ResponseAsync);
        }
        finally
        {
            server.Store.NextAppendFailure = null;
        }
    }

    [Fact]
    public async Task Publish_ErrorWithDetails_TrailerCarriesErrorInfoThenBadRequest()
    {
        var error = await PublishFailingWithAsync(DetailedErrors.WithDetails());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(DetailedErrors.Message, error.Status.Detail);
        var trailer = Assert.Single(error.Trailers, entry => entry.Key == DetailsTrailer);
        var status = Status.Parser.ParseFrom(trailer.ValueBytes);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal(DetailedErrors.Message, status.Message);
        Assert.Equal(2, status.Details.Count);
        var info = status.Details[0].Unpack<ErrorInfo>();
        Assert.Equal("EXACTLY_ONCE_ACKID_FAILURE", info.Reason);
        Assert.Equal("pubsub.googleapis.com", info.Domain);
        Assert.Equal(2, info.Metadata.Count);
        Assert.Equal("PERMANENT_FAILURE_INVALID_ACK_ID", info.Metadata["ack-1"]);
        Assert.Equal("TRANSIENT_FAILURE_UNORDERED_ACK_ID", info.Metadata["ack-2"]);
        var badRequest = status.Details[1].Unpack<BadRequest>();
        Assert.Equal(
            [("ack_ids[0]", "expired"), ("ack_ids[1]", "out of order")],
            badRequest.FieldViolations.Select(violation => (violation.Field, violation.Description)));
    }

    [Fact]
    public async Task Publish_ErrorWithoutDetails_NoDetailsTrailer()
    {
        var error = await PublishFailingWithAsync(DetailedErrors.WithoutDetails());

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("Subscription is detached.", error.Status.Detail);
        Assert.DoesNotContain(error.Trailers, entry => entry.Key == DetailsTrailer);
    }
}
