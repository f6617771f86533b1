using System.Diagnostics;
using System.Threading.Channels;
using Google.Cloud.PubSub.V1;
using Google.Protobuf.Collections;
using Grpc.Core;
using Grpc.Net.Client;

namespace Tidings.Bench;

/// <summary>Called once per sequence number, on its first delivery: (sequence, publish timestamp, receive timestamp).</summary>
internal delegate void FirstDelivery(long seq, long publishedAt, long receivedAt);

/// <summary>
/// One consumer of one subscription, on its own connection: <c>Streams</c> StreamingPull streams with flow control
/// (<c>max_outstanding_messages</c> = prefetch / streams each, <c>stream_ack_deadline_seconds</c>), every message
/// acked. Each stream has an ack loop that sends whatever ids have queued up (at most <c>AckBatch</c> per request,
/// no timer: the next batch forms while the previous request is in flight), either as <c>Acknowledge</c> calls or
/// as <c>ack_ids</c> on the stream. <see cref="RunAsync"/> returns when every sequence number 0..expected-1 has been
/// received and acked: with Acknowledge calls, when the last call has returned; with stream acks, when the server
/// has ended the half-closed stream, which it does only after applying every request it read.
/// </summary>
internal sealed class PullConsumer : IAsyncDisposable
{
    private const int MaxReopens = 5;

    private readonly GrpcChannel _channel;
    private readonly Subscriber.SubscriberClient _client;
    private readonly BenchOptions _o;
    private readonly long _expected;
    private readonly int _expectedSize;
    private readonly FirstDelivery? _onFirst;
    private readonly bool _keepAckIds;
    private readonly string _clientId = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly bool[] _seen;
    private readonly List<string> _allAckIds = [];
    private readonly List<string> _late = [];
    private readonly TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cts;
    private readonly PullStream[] _streams;
    private volatile bool _finishing;
    private int _disposed;

    public string Subscription { get; }
    public long Unique { get; private set; }
    public long Duplicates { get; private set; }
    public long Foreign { get; private set; }
    public long BadSize { get; private set; }
    public long AckRequests => _streams.Sum(s => Interlocked.Read(ref s.AckRequests));
    public long AckedIds => _streams.Sum(s => Interlocked.Read(ref s.AckedIds));
    public int Reopens => _streams.Sum(s => s.Reopens);

    /// <summary>Every ack id received (when asked to keep them), for the drain check.</summary>
    public IReadOnlyList<string> AllAckIds => _allAckIds;

    private PullConsumer(GrpcChannel channel, string subscription, BenchOptions o, long expected, int expectedSize,
        FirstDelivery? onFirst, bool keepAckIds, CancellationToken ct)
    {
        _channel = channel;
        _client = new Subscriber.SubscriberClient(channel);
        Subscription = subscription;
        _o = o;
        _expected = expected;
        _expectedSize = expectedSize;
        _onFirst = onFirst;
        _keepAckIds = keepAckIds;
        _seen = new bool[expected];
        _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _streams = Enumerable.Range(0, o.Streams).Select(i => new PullStream(this, i)).ToArray();
    }

    /// <summary>Opens the consumer's connection; no stream yet (see <see cref="OpenStreamsAsync"/>).</summary>
    public static async Task<PullConsumer> ConnectAsync(PubSubTarget target, int sub, BenchOptions o, long expected, int expectedSize,
        FirstDelivery? onFirst, CancellationToken ct)
    {
        var channel = await target.OpenChannelAsync(ct);
        return new PullConsumer(channel, target.Subscription(sub), o, expected, expectedSize, onFirst, o.Verify, ct);
    }

    /// <summary>Connects and opens the streams (each has sent its first request when this returns).</summary>
    public static async Task<PullConsumer> StartAsync(PubSubTarget target, int sub, BenchOptions o, long expected, int expectedSize,
        FirstDelivery? onFirst, CancellationToken ct)
    {
        var consumer = await ConnectAsync(target, sub, o, expected, expectedSize, onFirst, ct);
        try
        {
            await consumer.OpenStreamsAsync();
        }
        catch
        {
            await consumer.DisposeAsync();
            throw;
        }
        return consumer;
    }

    /// <summary>Opens the StreamingPull streams; returns once each has sent its first request.</summary>
    public async Task OpenStreamsAsync()
    {
        foreach (var s in _streams)
        {
            s.Start();
        }
        await Task.WhenAny(Task.WhenAll(_streams.Select(s => s.Opened.Task)), _failed.Task);
        if (_failed.Task.IsFaulted)
        {
            await _failed.Task;
        }
    }

    private CancellationToken Token => _cts.Token;

    private void Fail(Exception e) => _failed.TrySetException(e);

    /// <summary>Waits until all expected messages are received and acked (see the class comment).</summary>
    public async Task RunAsync()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (Token.Register(() => cancelled.TrySetResult()))
        {
            await Task.WhenAny(_allReceived.Task, _failed.Task, cancelled.Task);
        }
        if (!_allReceived.Task.IsCompleted)
        {
            if (_failed.Task.IsFaulted)
            {
                await _failed.Task;
            }
            throw new TimeoutException($"{Subscription}: received {Unique} of {_expected} messages before the timeout");
        }
        _finishing = true;
        foreach (var s in _streams)
        {
            s.CompleteAcks();
        }
        await Task.WhenAll(_streams.Select(s => s.AckLoop));
        if (_o.Ack == AckMode.Stream)
        {
            foreach (var s in _streams)
            {
                await s.HalfCloseAsync();
            }
            // the server ends a half-closed stream (OK) after applying all it read: then every ack is applied
            await Task.WhenAll(_streams.Select(s => s.Pump)).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }
        if (_failed.Task.IsFaulted)
        {
            await _failed.Task;
        }
    }

    private void Handle(RepeatedField<ReceivedMessage> messages, PullStream stream)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        var done = false;
        lock (_gate)
        {
            foreach (var rm in messages)
            {
                var data = rm.Message.Data.Span;
                var (seq, publishedAt) = Payloads.Read(data);
                if (data.Length != _expectedSize)
                {
                    BadSize++;
                }
                if (seq < 0 || seq >= _expected)
                {
                    Foreign++;
                }
                else if (_seen[seq])
                {
                    Duplicates++;
                }
                else
                {
                    _seen[seq] = true;
                    _onFirst?.Invoke(seq, publishedAt, receivedAt);
                    if (++Unique == _expected)
                    {
                        done = true;
                    }
                }
                if (_keepAckIds)
                {
                    _allAckIds.Add(rm.AckId);
                }
                if (!stream.EnqueueAck(rm.AckId))
                {
                    _late.Add(rm.AckId); // arrived after the ack loops closed (a redelivery): acked at disposal
                }
            }
        }
        if (done)
        {
            _allReceived.TrySetResult();
        }
    }

    /// <summary>Untimed: half-closes the streams, lets the server end them, acks late arrivals, closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _finishing = true;
        foreach (var s in _streams)
        {
            s.CompleteAcks();
            await s.HalfCloseAsync();
        }
        var all = _streams.SelectMany(s => new[] { s.Pump, s.AckLoop }).ToArray();
        try
        {
            await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // stream errors at shutdown are expected (cancellation, reset)
        }
        await _cts.CancelAsync();
        try
        {
            await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
        }
        string[] late;
        lock (_gate)
        {
            late = [.. _late];
        }
        foreach (var chunk in late.Chunk(_o.AckBatch))
        {
            try
            {
                await _client.AcknowledgeAsync(new AcknowledgeRequest { Subscription = Subscription, AckIds = { chunk } },
                    deadline: PubSubTarget.In(TimeSpan.FromSeconds(30)));
            }
            catch (RpcException e)
            {
                await Console.Error.WriteLineAsync($"[bench] {Subscription}: ack of {chunk.Length} late messages failed: {e.Status}");
            }
        }
        _channel.Dispose();
        _cts.Dispose();
    }

    /// <summary>One StreamingPull stream (reopened on UNAVAILABLE) and its ack loop.</summary>
    private sealed class PullStream(PullConsumer owner, int index)
    {
        private readonly Channel<string> _acks = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private AsyncDuplexStreamingCall<StreamingPullRequest, StreamingPullResponse>? _call;
        private bool _halfClosed;

        public long AckRequests;
        public long AckedIds;
        public int Reopens;
        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Pump { get; private set; } = Task.CompletedTask;
        public Task AckLoop { get; private set; } = Task.CompletedTask;

        public void Start()
        {
            Pump = Task.Run(PumpAsync);
            AckLoop = Task.Run(AckLoopAsync);
        }

        public bool EnqueueAck(string ackId) => _acks.Writer.TryWrite(ackId);

        public void CompleteAcks() => _acks.Writer.TryComplete();

        private async Task PumpAsync()
        {
            var o = owner._o;
            while (true)
            {
                var call = owner._client.StreamingPull(cancellationToken: owner.Token);
                try
                {
                    await _writeLock.WaitAsync(owner.Token);
                    try
                    {
                        if (_halfClosed)
                        {
                            return;
                        }
                        await call.RequestStream.WriteAsync(new StreamingPullRequest
                        {
                            Subscription = owner.Subscription,
                            StreamAckDeadlineSeconds = o.AckDeadlineSeconds,
                            MaxOutstandingMessages = o.PerStreamOutstanding,
                            MaxOutstandingBytes = 0,
                            ClientId = owner._clientId,
                        }, owner.Token);
                        _call = call;
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                    Opened.TrySetResult();
                    var responses = call.ResponseStream;
                    while (await responses.MoveNext(owner.Token))
                    {
                        var received = responses.Current.ReceivedMessages;
                        if (received.Count > 0)
                        {
                            owner.Handle(received, this);
                        }
                    }
                    if (owner._finishing || _halfClosed)
                    {
                        return;
                    }
                    if (++Reopens > MaxReopens)
                    {
                        throw new InvalidOperationException($"{owner.Subscription}: the server ended StreamingPull {Reopens} times");
                    }
                }
                catch (Exception) when (owner._finishing && owner.Token.IsCancellationRequested)
                {
                    return;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && !owner._finishing && ++Reopens <= MaxReopens)
                {
                    await Console.Error.WriteLineAsync($"[bench] {owner.Subscription} stream {index}: {e.Status.Detail}; reopening");
                }
                catch (Exception e)
                {
                    if (!owner._finishing)
                    {
                        owner.Fail(new InvalidOperationException($"{owner.Subscription} stream {index}: {e.Message}", e));
                    }
                    return;
                }
                finally
                {
                    await _writeLock.WaitAsync(CancellationToken.None);
                    if (_call == call)
                    {
                        _call = null;
                    }
                    _writeLock.Release();
                    call.Dispose();
                }
            }
        }

        private async Task AckLoopAsync()
        {
            var o = owner._o;
            var reader = _acks.Reader;
            var inflight = new List<Task>(o.AckInflight);
            try
            {
                while (await reader.WaitToReadAsync(owner.Token))
                {
                    var ids = new List<string>(Math.Min(o.AckBatch, 4096));
                    while (ids.Count < o.AckBatch && reader.TryRead(out var id))
                    {
                        ids.Add(id);
                    }
                    if (ids.Count == 0)
                    {
                        continue;
                    }
                    if (inflight.Count >= o.AckInflight)
                    {
                        var finished = await Task.WhenAny(inflight);
                        inflight.Remove(finished);
                        await finished;
                    }
                    inflight.Add(SendAsync(ids));
                }
                await Task.WhenAll(inflight);
            }
            catch (Exception e)
            {
                owner.Fail(new InvalidOperationException($"{owner.Subscription} acks on stream {index}: {e.Message}", e));
                throw;
            }
        }

        private async Task SendAsync(List<string> ids)
        {
            if (owner._o.Ack == AckMode.Stream)
            {
                await _writeLock.WaitAsync(owner.Token);
                try
                {
                    if (_call is not null && !_halfClosed)
                    {
                        await _call.RequestStream.WriteAsync(new StreamingPullRequest { AckIds = { ids } }, owner.Token);
                        Count(ids.Count);
                        return;
                    }
                }
                finally
                {
                    _writeLock.Release();
                }
                // no open stream (being reopened): the ids are still valid for an Acknowledge call
            }
            await owner._client.AcknowledgeAsync(new AcknowledgeRequest { Subscription = owner.Subscription, AckIds = { ids } },
                deadline: PubSubTarget.In(TimeSpan.FromSeconds(60)), cancellationToken: owner.Token);
            Count(ids.Count);
        }

        private void Count(int ids)
        {
            Interlocked.Increment(ref AckRequests);
            Interlocked.Add(ref AckedIds, ids);
        }

        public async Task HalfCloseAsync()
        {
            await _writeLock.WaitAsync(CancellationToken.None);
            try
            {
                if (_halfClosed)
                {
                    return;
                }
                _halfClosed = true;
                if (_call is not null)
                {
                    await _call.RequestStream.CompleteAsync();
                }
            }
            catch (Exception)
            {
                // the stream is already gone
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }
}
