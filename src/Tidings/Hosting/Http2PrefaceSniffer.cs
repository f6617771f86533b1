using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Tidings.Hosting;

/// <summary>
/// Kestrel connection middleware telling HTTP/2 prior-knowledge connections from HTTP/1.1 ones by their first
/// bytes, without consuming them. Why and how: <see cref="Http2PrefaceSniffing"/>.
/// </summary>
internal sealed class Http2PrefaceSniffer
{
    // Timers take at most uint.MaxValue - 1 ms; Kestrel stores an infinite keep-alive as TimeSpan.MaxValue.
    private static readonly TimeSpan _longestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="timeout">How long to wait for the bytes that decide; longer than ~49 days means no limit.</param>
    /// <param name="timeProvider">Clock for <paramref name="timeout"/>.</param>
    /// <param name="logger">Receives one Debug event per connection.</param>
    public Http2PrefaceSniffer(TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout > _longestTimeout ? Timeout.InfiniteTimeSpan : timeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The HTTP/2 client connection preface (RFC 9113, section 3.4).</summary>
    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var protocol = await DetectAsync(connection).ConfigureAwait(false);
        if (protocol == ConnectionProtocol.Http2)
        {
            H2cPriorKnowledgeFeature.AddTo(connection.Features);
        }

        if (protocol != ConnectionProtocol.None)
        {
            await next(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads until the bytes decide, leaving every byte unconsumed and unexamined so the next reader of
    /// <c>connection.Transport.Input</c> sees them at once.
    /// </summary>
    public async Task<ConnectionProtocol> DetectAsync(ConnectionContext connection)
    {
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            ?? CancellationToken.None;
        using var deadline = new CancellationTokenSource(_timeout, _timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, closeRequested, deadline.Token);
        var input = connection.Transport.Input;

        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var protocol = Classify(buffer);
                if (protocol == ConnectionProtocol.None && !result.IsCompleted && !result.IsCanceled)
                {
                    // Not enough bytes yet: mark them examined so the next read waits for more.
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                // Consume and examine nothing: Kestrel's first read returns these same bytes without waiting.
                // A connection that ends inside a preface prefix goes to HTTP/1.1, which answers or closes it.
                input.AdvanceTo(buffer.Start);
                protocol = protocol == ConnectionProtocol.None ? ConnectionProtocol.Http1 : protocol;
                TidingsLog.ConnectionProtocolDetected(_logger, connection.ConnectionId, protocol);
                return protocol;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var reason = deadline.IsCancellationRequested ? "no HTTP request began in time"
                : connection.ConnectionClosed.IsCancellationRequested ? "the client closed the connection"
                : "the server is stopping";
            TidingsLog.ConnectionDroppedBeforeProtocol(_logger, connection.ConnectionId, reason);
            return ConnectionProtocol.None;
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException)
        {
            // A reset or an abort by the transport: nothing to serve, and not worth more than Kestrel's own Debug log.
            TidingsLog.ConnectionDroppedBeforeProtocol(_logger, connection.ConnectionId, ex.Message);
            return ConnectionProtocol.None;
        }
    }

    /// <summary>HTTP/2 on a full preface, HTTP/1.1 as soon as a byte differs, None while the bytes are a strict prefix of it.</summary>
    public static ConnectionProtocol Classify(ReadOnlySequence<byte> buffer)
    {
        var preface = ClientPreface;
        var length = (int)Math.Min(buffer.Length, preface.Length);
        Span<byte> head = stackalloc byte[preface.Length];
        buffer.Slice(0, length).CopyTo(head);

        if (!head[..length].SequenceEqual(preface[..length]))
        {
            return ConnectionProtocol.Http1;
        }

        return length == preface.Length ? ConnectionProtocol.Http2 : ConnectionProtocol.None;
    }
}
