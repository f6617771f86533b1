using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

public sealed class Http2PrefaceSnifferTests : IDisposable
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(130);

    // Inline schedulers: a flush, a cancellation or a timer runs the sniffer on to its next wait before returning,
    // provided it happens on a thread without a synchronization context (see ActAsync): the states are deterministic.
    private readonly Pipe _input = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline));
    private readonly CancellationTokenSource _closed = new();
    private readonly FakeTimeProvider _time = new();
    private readonly DefaultConnectionContext _connection;
    private readonly Http2PrefaceSniffer _sniffer;
    private byte[]? _readByNext;

    public Http2PrefaceSnifferTests()
    {
        var output = new Pipe();
        _connection = new DefaultConnectionContext("test", new DuplexPipe(_input.Reader, output.Writer), new DuplexPipe(output.Reader, _input.Writer))
        {
            ConnectionClosed = _closed.Token,
        };
        _sniffer = new Http2PrefaceSniffer(_timeout, _time, NullLogger.Instance);
    }

    public void Dispose() => _closed.Dispose();

    [Fact]
    public async Task Preface_InOneWrite_Http2WithBytesLeftForKestrel()
    {
        var running = RunAsync();
        await WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04");

        await running;

        Assert.NotNull(_connection.Features.Get<ITlsConnectionFeature>());
        Assert.Equal("h2"u8.ToArray(), _connection.Features.Get<ITlsApplicationProtocolFeature>()!.ApplicationProtocol.ToArray());
        Assert.Equal(28, _readByNext!.Length);
    }

    [Fact]
    public async Task Preface_SplitAcrossWrites_WaitsThenHttp2()
    {
        var running = RunAsync();

        await WriteAsync("PRI * HTTP/2.0\r\n");
        Assert.False(running.IsCompleted);
        Assert.Null(_readByNext);
        await WriteAsync("\r\nSM\r\n\r\n");

        await running;
        Assert.NotNull(_connection.Features.Get<ITlsApplicationProtocolFeature>());
        Assert.Equal(24, _readByNext!.Length);
    }

    [Fact]
    public async Task Http1Request_Http1WithoutTlsFeaturesAndBytesIntact()
    {
        var running = RunAsync();
        await WriteAsync("GET / HTTP/1.1\r\n\r\n");

        await running;

        Assert.Null(_connection.Features.Get<ITlsConnectionFeature>());
        Assert.Null(_connection.Features.Get<ITlsApplicationProtocolFeature>());
        Assert.Equal("GET / HTTP/1.1\r\n\r\n", Encoding.ASCII.GetString(_readByNext!));
    }

    [Fact]
    public async Task FirstDifferentByte_DecidesHttp1WithoutWaitingForMore()
    {
        var running = RunAsync();

        await WriteAsync("PO");

        Assert.True(running.IsCompleted);
        await running;
        Assert.Null(_connection.Features.Get<ITlsConnectionFeature>());
    }

    [Fact]
    public async Task PartialPreface_ClientEndsStream_HandedToHttp1()
    {
        var running = RunAsync();
        await WriteAsync("PRI * HTTP");

        await ActAsync(async () => await _input.Writer.CompleteAsync());

        await running;
        Assert.NotNull(_readByNext);
        Assert.Null(_connection.Features.Get<ITlsConnectionFeature>());
    }

    [Fact]
    public async Task PartialPreface_ConnectionClosed_ReturnsWithoutServing()
    {
        var running = RunAsync();
        await WriteAsync("PRI");
        Assert.False(running.IsCompleted);

        await ActAsync(_closed.Cancel);

        Assert.True(running.IsCompleted);
        await running;
        Assert.Null(_readByNext);
    }

    [Fact]
    public async Task PartialPreface_TimeoutPasses_ReturnsWithoutServing()
    {
        var running = RunAsync();
        await WriteAsync("PRI");

        await ActAsync(() => _time.Advance(_timeout - TimeSpan.FromMilliseconds(1)));
        Assert.False(running.IsCompleted);
        await ActAsync(() => _time.Advance(TimeSpan.FromMilliseconds(1)));

        Assert.True(running.IsCompleted);
        await running;
        Assert.Null(_readByNext);
    }

    [Fact]
    public async Task PartialPreface_ConnectionReset_ReturnsWithoutServing()
    {
        var running = RunAsync();
        await WriteAsync("PRI");

        await ActAsync(async () => await _input.Writer.CompleteAsync(new ConnectionResetException("reset by peer")));

        Assert.True(running.IsCompleted);
        await running;
        Assert.Null(_readByNext);
    }

    [Theory]
    [InlineData("", nameof(ConnectionProtocol.None))]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r", nameof(ConnectionProtocol.None))]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", nameof(ConnectionProtocol.Http2))]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nmore", nameof(ConnectionProtocol.Http2))]
    [InlineData("PRI * HTTP/1.1\r\n", nameof(ConnectionProtocol.Http1))]
    [InlineData("GET", nameof(ConnectionProtocol.Http1))]
    public void Classify_ByPrefix(string bytes, string expected)
    {
        Assert.Equal(Enum.Parse<ConnectionProtocol>(expected), Http2PrefaceSniffer.Classify(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(bytes))));
    }

    private Task RunAsync() => _sniffer.OnConnectionAsync(_connection, async connection =>
    {
        // What Kestrel's first read would see: it must not wait, since the bytes are already there.
        Assert.True(connection.Transport.Input.TryRead(out var result));
        _readByNext = result.Buffer.ToArray();
        connection.Transport.Input.AdvanceTo(result.Buffer.Start);
        await Task.CompletedTask;
    });

    private Task WriteAsync(string ascii) => ActAsync(async () => await _input.Writer.WriteAsync(Encoding.ASCII.GetBytes(ascii)));

    // xunit's synchronization context would make the runtime queue the sniffer's continuations instead of running them inline.
    private static Task ActAsync(Func<Task> action) => Task.Run(action);

    private static Task ActAsync(Action action) => Task.Run(action);

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
