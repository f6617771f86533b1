using Tidings.Kernel.Errors;

namespace Tidings.Kernel.Tests.Errors;

/// <summary>The codes are google.rpc.Code's numbers, which gRPC status codes share; the API layer maps by value.</summary>
public sealed class ErrorCodeTests
{
    [Theory]
    [InlineData(ErrorCode.Cancelled, 1)]
    [InlineData(ErrorCode.Unknown, 2)]
    [InlineData(ErrorCode.InvalidArgument, 3)]
    [InlineData(ErrorCode.DeadlineExceeded, 4)]
    [InlineData(ErrorCode.NotFound, 5)]
    [InlineData(ErrorCode.AlreadyExists, 6)]
    [InlineData(ErrorCode.PermissionDenied, 7)]
    [InlineData(ErrorCode.ResourceExhausted, 8)]
    [InlineData(ErrorCode.FailedPrecondition, 9)]
    [InlineData(ErrorCode.Aborted, 10)]
    [InlineData(ErrorCode.OutOfRange, 11)]
    [InlineData(ErrorCode.Unimplemented, 12)]
    [InlineData(ErrorCode.Internal, 13)]
    [InlineData(ErrorCode.Unavailable, 14)]
    [InlineData(ErrorCode.DataLoss, 15)]
    [InlineData(ErrorCode.Unauthenticated, 16)]
    public void Value_IsGoogleRpcCode(ErrorCode code, int expected)
    {
        Assert.Equal(expected, (int)code);
    }

    [Fact]
    public void Values_CoverEveryErrorCodeOfGoogleRpc()
    {
        Assert.Equal(Enumerable.Range(1, 16), Enum.GetValues<ErrorCode>().Select(code => (int)code).Order());
    }
}
