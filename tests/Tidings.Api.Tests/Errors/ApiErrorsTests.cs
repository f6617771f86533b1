using Google.Rpc;
using Grpc.Core;
using Tidings.Api.Errors;
using Tidings.Kernel.Errors;
using Tidings.Storage.Messages;
using ErrorInfo = Tidings.Kernel.Errors.ErrorInfo;

namespace Tidings.Api.Tests.Errors;

/// <summary>The API layer's catalogue and its one mapping of domain errors to gRPC status and google.rpc.Status.</summary>
public sealed class ApiErrorsTests
{
    [Fact]
    public void Unimplemented_Feature_PinnedText()
    {
        var error = ApiErrors.Unimplemented("Seek");

        Assert.Equal(ErrorCode.Unimplemented, error.Code);
        Assert.Equal("Seek is not implemented by this Tidings server yet.", error.Message);
    }

    [Fact]
    public void InvalidJsonBody_PinnedText()
    {
        var error = ApiErrors.InvalidJsonBody();

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Request JSON payload is not correctly formatted.", error.Message);
    }

    [Fact]
    public void StorageFull_Cause_ResourceExhaustedWithPinnedText()
    {
        var error = ApiErrors.StorageFull(new StorageFullException("No space left on device"));

        Assert.Equal(ErrorCode.ResourceExhausted, error.Code);
        Assert.Equal("The server's disk is full; the request was not stored. (No space left on device)", error.Message);
    }

    [Fact]
    public void StorageFailed_Cause_UnavailableWithPinnedText()
    {
        var error = ApiErrors.StorageFailed(new StorageFailedException("fsync failed"));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Equal("The server could not store the request; nothing was stored. (fsync failed)", error.Message);
    }

    [Theory]
    [MemberData(nameof(EveryCode))]
    public void ToRpcException_EveryCode_SameGrpcStatusAndMessage(ErrorCode code)
    {
        var exception = ApiErrors.ToRpcException(new TidingsException(code, "text"));

        Assert.Equal(code.ToString(), exception.StatusCode.ToString());
        Assert.Equal("text", exception.Status.Detail);
        Assert.Empty(exception.Trailers);
    }

    [Fact]
    public void ToRpcStatus_InfoAndViolations_ErrorInfoThenOneBadRequest()
    {
        var error = new TidingsException(ErrorCode.InvalidArgument, "bad",
            new ErrorInfo("REASON", "example.googleapis.com", new Dictionary<string, string> { ["key"] = "value" }),
            [new FieldViolation("a", "one"), new FieldViolation("b", "two")]);

        var status = ApiErrors.ToRpcStatus(error);

        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal("bad", status.Message);
        Assert.Equal(2, status.Details.Count);
        var info = status.Details[0].Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal(("REASON", "example.googleapis.com", "value"), (info.Reason, info.Domain, info.Metadata["key"]));
        Assert.Equal(["a", "b"], status.Details[1].Unpack<BadRequest>().FieldViolations.Select(violation => violation.Field));
    }

    [Fact]
    public void ToRpcException_ViolationsOnly_TrailerHoldsOnlyBadRequest()
    {
        var exception = ApiErrors.ToRpcException(new TidingsException(ErrorCode.InvalidArgument, "bad", fieldViolations: [new FieldViolation("a", "one")]));

        var trailer = Assert.Single(exception.Trailers);
        Assert.Equal(ApiErrors.StatusDetailsTrailer, trailer.Key);
        var detail = Assert.Single(Google.Rpc.Status.Parser.ParseFrom(trailer.ValueBytes).Details);
        Assert.True(detail.Is(BadRequest.Descriptor));
    }

    public static TheoryData<ErrorCode> EveryCode => [.. Enum.GetValues<ErrorCode>()];
}
