using Grpc.Core;
using Tidings.Api.Errors;
using Tidings.Kernel.Errors;
using Tidings.Storage.Messages;

namespace Tidings.Api.Tests.Errors;

/// <summary>
/// The interceptor maps what the domain and the stores throw to a gRPC status, for unary and streaming calls alike,
/// and lets anything else through untouched. It only hands the call context on, so the tests give it none.
/// </summary>
public sealed class DomainErrorInterceptorTests
{
    private readonly DomainErrorInterceptor _interceptor = new();

    private Task<string> UnaryThrowing(Exception error) =>
        _interceptor.UnaryServerHandler<string, string>("request", null!, (_, _) => throw error);

    private Task DuplexThrowing(Exception error) =>
        _interceptor.DuplexStreamingServerHandler<string, string>(null!, null!, null!, (_, _, _) => throw error);

    [Fact]
    public async Task Unary_DomainError_ItsCodeAndMessage()
    {
        var status = await Assert.ThrowsAsync<RpcException>(() => UnaryThrowing(new TidingsException(ErrorCode.NotFound, "Resource not found")));

        Assert.Equal(StatusCode.NotFound, status.StatusCode);
        Assert.Equal("Resource not found", status.Status.Detail);
    }

    [Fact]
    public async Task Unary_DomainErrorWithDetails_DetailsTrailer()
    {
        var error = new TidingsException(ErrorCode.InvalidArgument, "bad", fieldViolations: [new FieldViolation("name", "missing")]);

        var status = await Assert.ThrowsAsync<RpcException>(() => UnaryThrowing(error));

        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal(ApiErrors.StatusDetailsTrailer, Assert.Single(status.Trailers).Key);
    }

    [Fact]
    public async Task Unary_StorageFull_ResourceExhausted()
    {
        var status = await Assert.ThrowsAsync<RpcException>(() => UnaryThrowing(new StorageFullException("No space left on device")));

        Assert.Equal(StatusCode.ResourceExhausted, status.StatusCode);
        Assert.Equal("The server's disk is full; the request was not stored. (No space left on device)", status.Status.Detail);
    }

    [Fact]
    public async Task Unary_StorageFailed_Unavailable()
    {
        var status = await Assert.ThrowsAsync<RpcException>(() => UnaryThrowing(new StorageFailedException("fsync failed")));

        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Equal("The server could not store the request; nothing was stored. (fsync failed)", status.Status.Detail);
    }

    [Fact]
    public async Task Unary_OtherException_PassesThroughUnchanged()
    {
        var error = new InvalidOperationException("a bug");

        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => UnaryThrowing(error)));
    }

    [Fact]
    public async Task Unary_RpcException_PassesThroughUnchanged()
    {
        var error = new RpcException(new Status(StatusCode.Cancelled, "gone"));

        Assert.Same(error, await Assert.ThrowsAsync<RpcException>(() => UnaryThrowing(error)));
    }

    [Fact]
    public async Task DuplexStreaming_DomainError_ItsCode()
    {
        var status = await Assert.ThrowsAsync<RpcException>(() => DuplexThrowing(new TidingsException(ErrorCode.FailedPrecondition, "detached")));

        Assert.Equal(StatusCode.FailedPrecondition, status.StatusCode);
        Assert.Equal("detached", status.Status.Detail);
    }

    [Fact]
    public async Task DuplexStreaming_StorageFull_ResourceExhausted()
    {
        var status = await Assert.ThrowsAsync<RpcException>(() => DuplexThrowing(new StorageFullException("full")));

        Assert.Equal(StatusCode.ResourceExhausted, status.StatusCode);
    }

    [Fact]
    public async Task DuplexStreaming_OtherException_PassesThroughUnchanged()
    {
        var error = new IOException("stream reset");

        Assert.Same(error, await Assert.ThrowsAsync<IOException>(() => DuplexThrowing(error)));
    }
}
