using System.Buffers.Binary;
using System.Diagnostics;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Tidings.Bench;

/// <summary>
/// The server under test, through the Pub/Sub gRPC API over h2c. One <see cref="GrpcChannel"/> is one HTTP/2
/// connection: the publisher, every consumer and the admin calls each get their own, as with the peers.
/// Resources: <c>projects/P/topics/bench-topic</c> and <c>projects/P/subscriptions/bench-sub{i}</c>.
/// <paramref name="endpoint"/> may list several nodes of a cluster, comma-separated: channels take them in turn
/// (the admin channel, then the publisher, then each consumer), so the load is spread over every node.
/// </summary>
internal sealed class PubSubTarget(string endpoint, string project, bool exactlyOnce) : IDisposable
{
    private readonly string[] _endpoints = endpoint.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    private int _nextEndpoint = -1;
    private GrpcChannel? _adminChannel;

    public string Endpoint => endpoint;
    public string Topic { get; } = $"projects/{project}/topics/bench-topic";

    public string Subscription(int i) => $"projects/{project}/subscriptions/bench-sub{i}";

    public static DateTime In(TimeSpan t) => DateTime.UtcNow + t;

    public static async Task<GrpcChannel> OpenChannelAsync(string endpoint, CancellationToken cancellationToken)
    {
        var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = false,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(TimeSpan.FromSeconds(15));
        await channel.ConnectAsync(connect.Token);
        return channel;
    }

    public Task<GrpcChannel> OpenChannelAsync(CancellationToken cancellationToken) =>
        OpenChannelAsync(_endpoints[(int)((uint)Interlocked.Increment(ref _nextEndpoint) % (uint)_endpoints.Length)], cancellationToken);

    private async Task<GrpcChannel> AdminAsync(CancellationToken cancellationToken) =>
        _adminChannel ??= await OpenChannelAsync(cancellationToken);

    public async Task<Publisher.PublisherClient> AdminPublisherAsync(CancellationToken ct) => new(await AdminAsync(ct));

    public async Task<Subscriber.SubscriberClient> AdminSubscriberAsync(CancellationToken ct) => new(await AdminAsync(ct));

    /// <summary>Deletes what a previous run may have left, then creates the topic and <paramref name="subs"/> subscriptions.</summary>
    public async Task SetupAsync(int subs, int ackDeadlineSeconds, CancellationToken ct)
    {
        await TeardownAsync(Math.Max(8, subs), ct);
        var pub = await AdminPublisherAsync(ct);
        var sub = await AdminSubscriberAsync(ct);
        await pub.CreateTopicAsync(new Topic { Name = Topic }, deadline: In(TimeSpan.FromSeconds(30)), cancellationToken: ct);
        for (var i = 0; i < subs; i++)
        {
            await sub.CreateSubscriptionAsync(
                new Google.Cloud.PubSub.V1.Subscription { Name = Subscription(i), Topic = Topic, AckDeadlineSeconds = ackDeadlineSeconds, EnableExactlyOnceDelivery = exactlyOnce },
                deadline: In(TimeSpan.FromSeconds(30)), cancellationToken: ct);
        }
    }

    /// <summary>Deletes the subscriptions (first: a deleted topic leaves them detached), then the topic.</summary>
    public async Task TeardownAsync(int subs, CancellationToken ct)
    {
        var pub = await AdminPublisherAsync(ct);
        var sub = await AdminSubscriberAsync(ct);
        for (var i = 0; i < subs; i++)
        {
            await IgnoreNotFound(() => sub.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Subscription = Subscription(i) },
                deadline: In(TimeSpan.FromSeconds(30)), cancellationToken: ct).ResponseAsync);
        }
        await IgnoreNotFound(() => pub.DeleteTopicAsync(new DeleteTopicRequest { Topic = Topic },
            deadline: In(TimeSpan.FromSeconds(30)), cancellationToken: ct).ResponseAsync);
    }

    private static async Task IgnoreNotFound(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
        }
    }

    /// <summary>
    /// The drain check. The API has no backlog count, and a message whose ack was lost stays leased (invisible) until
    /// its deadline, so first every ack id the consumers received is nacked (ModifyAckDeadline 0): that is a no-op for
    /// an acked message and makes any other one available again at once. Then a fresh StreamingPull counts what it is
    /// given (it waits up to 1 s for the first message) and nacks it. Returns that count: 0 means drained.
    /// </summary>
    public async Task<long> RemainingAfterNackAsync(int sub, IReadOnlyList<string> receivedAckIds, CancellationToken ct)
    {
        var client = await AdminSubscriberAsync(ct);
        var name = Subscription(sub);
        foreach (var chunk in receivedAckIds.Chunk(2500))
        {
            try
            {
                await client.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = name, AckDeadlineSeconds = 0, AckIds = { chunk } },
                    deadline: In(TimeSpan.FromSeconds(60)), cancellationToken: ct);
            }
            catch (RpcException e) when (exactlyOnce && e.StatusCode == StatusCode.InvalidArgument)
            {
                // Exactly-once: the ids of acked messages are refused (listed in the error); the others were nacked.
            }
        }
        return await ProbeAsync(client, name, ct);
    }

    private static async Task<long> ProbeAsync(Subscriber.SubscriberClient client, string subscription, CancellationToken ct)
    {
        var ids = new List<string>();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        using (var call = client.StreamingPull(cancellationToken: stop.Token))
        {
            await call.RequestStream.WriteAsync(new StreamingPullRequest
            {
                Subscription = subscription,
                StreamAckDeadlineSeconds = 60,
                MaxOutstandingMessages = 0,
                ClientId = "bench-probe",
            }, ct);
            var lastMessage = Stopwatch.GetTimestamp();
            var read = Task.Run(async () =>
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    lock (ids)
                    {
                        ids.AddRange(call.ResponseStream.Current.ReceivedMessages.Select(m => m.AckId));
                        Volatile.Write(ref lastMessage, Stopwatch.GetTimestamp());
                    }
                }
            }, CancellationToken.None);
            // up to 1 s for a first message; once some came, until 300 ms pass without more (30 s at most)
            var start = Stopwatch.GetTimestamp();
            while (!read.IsCompleted)
            {
                await Task.Delay(50, CancellationToken.None);
                int count;
                lock (ids)
                {
                    count = ids.Count;
                }
                var now = Stopwatch.GetTimestamp();
                if (count == 0 && Stopwatch.GetElapsedTime(start, now) > TimeSpan.FromSeconds(1))
                {
                    break;
                }
                if (count > 0 && (Stopwatch.GetElapsedTime(Volatile.Read(ref lastMessage), now) > TimeSpan.FromMilliseconds(300)
                                  || Stopwatch.GetElapsedTime(start, now) > TimeSpan.FromSeconds(30)))
                {
                    break;
                }
            }
            await stop.CancelAsync();
            try
            {
                await read;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
        foreach (var chunk in ids.Chunk(2500))
        {
            await client.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = subscription, AckDeadlineSeconds = 0, AckIds = { chunk } },
                deadline: In(TimeSpan.FromSeconds(60)), cancellationToken: ct);
        }
        return ids.Count;
    }

    public void Dispose() => _adminChannel?.Dispose();
}

/// <summary>
/// Message bodies as the peers make them: random bytes (seed 42) of the given size, whose first 16 bytes hold the
/// sequence number and the Stopwatch timestamp taken just before the message is handed to Publish.
/// </summary>
internal sealed class Payloads
{
    private readonly byte[] _template;

    public Payloads(int size)
    {
        _template = new byte[Math.Max(size, 16)];
        new Random(42).NextBytes(_template);
    }

    public int Size => _template.Length;

    public ByteString Make(long seq, long timestamp)
    {
        var body = (byte[])_template.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(0, 8), seq);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8, 8), timestamp);
        return UnsafeByteOperations.UnsafeWrap(body);
    }

    public static (long Seq, long Timestamp) Read(ReadOnlySpan<byte> body) =>
        body.Length < 16 ? (-1, 0) : (BinaryPrimitives.ReadInt64LittleEndian(body), BinaryPrimitives.ReadInt64LittleEndian(body[8..]));
}

/// <summary>Publisher side of the scenarios.</summary>
internal static class Publishing
{
    /// <summary>
    /// Publishes messages <paramref name="firstSeq"/>..+<paramref name="count"/> in requests of up to
    /// <paramref name="batch"/> messages with at most <paramref name="inflight"/> requests outstanding; a message is
    /// confirmed when the response of its request (with one message id per message) has arrived. Returns the
    /// number of Publish calls. Throws on the first failed call.
    /// </summary>
    public static async Task<long> PublishBatchedAsync(Publisher.PublisherClient client, string topic, Payloads payloads,
        long firstSeq, long count, int batch, int inflight, CancellationToken ct)
    {
        var pending = new Queue<(Task<PublishResponse> Response, int Count)>(inflight + 1);
        long requests = 0;
        var seq = firstSeq;
        var end = firstSeq + count;
        while (seq < end)
        {
            if (pending.Count >= inflight)
            {
                await ConfirmAsync(pending.Dequeue());
            }
            var n = (int)Math.Min(batch, end - seq);
            var request = new PublishRequest { Topic = topic };
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                request.Messages.Add(new PubsubMessage { Data = payloads.Make(seq++, now) });
            }
            pending.Enqueue((client.PublishAsync(request, deadline: PubSubTarget.In(TimeSpan.FromSeconds(60)), cancellationToken: ct).ResponseAsync, n));
            requests++;
        }
        while (pending.Count > 0)
        {
            await ConfirmAsync(pending.Dequeue());
        }
        return requests;
    }

    private static async Task ConfirmAsync((Task<PublishResponse> Response, int Count) p)
    {
        var response = await p.Response;
        if (response.MessageIds.Count != p.Count)
        {
            throw new InvalidOperationException($"Publish returned {response.MessageIds.Count} message ids for {p.Count} messages");
        }
    }
}
