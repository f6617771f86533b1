using System.Diagnostics;
using System.Text.Json.Nodes;
using Google.Cloud.PubSub.V1;

namespace Tidings.Bench;

/// <summary>
/// The peers' four scenarios (shared/bench-peers: harness/Program.cs and notes.md), through the Pub/Sub API.
/// Every run recreates the topic and its subscriptions (subscriptions before publishing) and deletes them after.
/// Before run 1 of each scenario (and size), an untimed warm-up sends <c>--warmup</c> messages through the same
/// path, publishing and consuming at the same time.
/// </summary>
internal sealed class Scenarios(BenchOptions o, PubSubTarget target, ProcessMeter meter, ResultSink sink)
{
    private static double Secs(long t0, long t1) => (t1 - t0) / (double)Stopwatch.Frequency;

    private CancellationTokenSource PhaseTimeout(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        return cts;
    }

    private async Task<(Publisher.PublisherClient Client, Grpc.Net.Client.GrpcChannel Channel)> OpenPublisherAsync(CancellationToken ct)
    {
        var channel = await target.OpenChannelAsync(ct);
        return (new Publisher.PublisherClient(channel), channel);
    }

    private async Task WarmupAsync(string what, int size, int subs, bool singleMessagePublishes, CancellationToken ct)
    {
        if (o.Warmup <= 0)
        {
            return;
        }
        var t0 = Stopwatch.GetTimestamp();
        using var timeout = PhaseTimeout(ct);
        await target.SetupAsync(subs, o.AckDeadlineSeconds, timeout.Token);
        var consumers = new List<PullConsumer>();
        try
        {
            for (var i = 0; i < subs; i++)
            {
                consumers.Add(await PullConsumer.StartAsync(target, i, o with { Verify = false }, o.Warmup, size, null, timeout.Token));
            }
            var running = consumers.Select(c => c.RunAsync()).ToList();
            var (pub, channel) = await OpenPublisherAsync(timeout.Token);
            using (channel)
            {
                await Publishing.PublishBatchedAsync(pub, target.Topic, new Payloads(size), 0, o.Warmup,
                    singleMessagePublishes ? 1 : o.Batch, singleMessagePublishes ? o.Window : o.Inflight, timeout.Token);
            }
            await Task.WhenAll(running);
        }
        finally
        {
            foreach (var c in consumers)
            {
                await c.DisposeAsync();
            }
        }
        await target.TeardownAsync(subs, timeout.Token);
        Log($"warm-up {what}: {o.Warmup} msgs x {subs} subs, {size} B in {Secs(t0, Stopwatch.GetTimestamp()):F1} s");
    }

    private static void Log(string line) => Console.Error.WriteLine($"[bench] {line}");

    private static void AddPhase(JsonObject j, PhaseStats p)
    {
        j["seconds"] = p.Seconds;
        j["srv_cpu_pct"] = p.ServerCpuPct;
        j["cli_cpu_pct"] = p.ClientCpuPct;
        j["srv_rss_peak_mib"] = p.ServerRssPeakMib;
        j["srv_rss_end_mib"] = p.ServerRssEndMib;
        j["srv_rss_peak_scope"] = p.RssPeakScope;
    }

    private async Task<long> RemainingAsync(IReadOnlyList<PullConsumer> consumers, CancellationToken ct)
    {
        if (!o.Verify)
        {
            return -1;
        }
        long remaining = 0;
        for (var i = 0; i < consumers.Count; i++)
        {
            remaining += await target.RemainingAfterNackAsync(i, consumers[i].AllAckIds, ct);
        }
        return remaining;
    }

    private static void AddConsumerStats(JsonObject j, IReadOnlyList<PullConsumer> consumers)
    {
        j["received_unique"] = consumers.Sum(c => c.Unique);
        j["dup"] = consumers.Sum(c => c.Duplicates);
        j["foreign"] = consumers.Sum(c => c.Foreign);
        j["bad_size"] = consumers.Sum(c => c.BadSize);
        var requests = consumers.Sum(c => c.AckRequests);
        j["ack_requests"] = requests;
        j["avg_ack_batch"] = requests == 0 ? 0 : consumers.Sum(c => c.AckedIds) / (double)requests;
        j["stream_reopens"] = consumers.Sum(c => c.Reopens);
    }

    /// <summary>
    /// S1: N messages published as fast as the window allows, timed from the first Publish to the last response.
    /// S2: that backlog drained by one consumer, timed from the consumer's start to the last ack confirmed.
    /// When only S2 is asked for, the backlog is still published (untimed); when only S1, it is dropped.
    /// </summary>
    public async Task S1S2Async(int size, bool s1, bool s2, CancellationToken ct)
    {
        var payloads = new Payloads(size);
        await WarmupAsync($"S1/S2 {size} B", size, 1, singleMessagePublishes: false, ct);
        for (var run = 1; run <= o.Runs; run++)
        {
            using var timeout = PhaseTimeout(ct);
            await target.SetupAsync(1, o.AckDeadlineSeconds, timeout.Token);
            var (pub, channel) = await OpenPublisherAsync(timeout.Token);
            using (channel)
            {
                var m = meter.Start();
                var requests = await Publishing.PublishBatchedAsync(pub, target.Topic, payloads, 0, o.N, o.Batch, o.Inflight, timeout.Token);
                var p = m.Stop();
                if (s1)
                {
                    var j = new JsonObject
                    {
                        ["scenario"] = "S1",
                        ["size"] = size,
                        ["n"] = o.N,
                        ["run"] = run,
                        ["window"] = o.Batch * o.Inflight,
                        ["batch"] = o.Batch,
                        ["inflight"] = o.Inflight,
                        ["publish_requests"] = requests,
                        ["msgs_per_s"] = o.N / p.Seconds,
                        ["mib_per_s"] = o.N * (double)size / p.Seconds / 1048576,
                    };
                    AddPhase(j, p);
                    sink.Emit(j);
                }
            }

            if (s2)
            {
                // as the peers: connected first, then timed from opening the streams to the last ack confirmed
                await using var consumer = await PullConsumer.ConnectAsync(target, 0, o, o.N, size, null, timeout.Token);
                var m = meter.Start();
                await consumer.OpenStreamsAsync();
                await consumer.RunAsync();
                var p = m.Stop();
                await consumer.DisposeAsync();
                var remaining = await RemainingAsync([consumer], timeout.Token);
                var j = new JsonObject
                {
                    ["scenario"] = "S2",
                    ["size"] = size,
                    ["n"] = o.N,
                    ["run"] = run,
                    ["prefetch"] = o.Prefetch,
                    ["streams"] = o.Streams,
                    ["ack_mode"] = o.Ack == AckMode.Rpc ? "rpc" : "stream",
                    ["exactly_once"] = o.ExactlyOnce,
                    ["msgs_per_s"] = o.N / p.Seconds,
                    ["mib_per_s"] = o.N * (double)size / p.Seconds / 1048576,
                    ["remaining_after"] = remaining,
                };
                AddConsumerStats(j, [consumer]);
                AddPhase(j, p);
                sink.Emit(j);
            }
            await target.TeardownAsync(1, timeout.Token);
        }
    }

    /// <summary>
    /// S3: <c>rate</c> msg/s for <c>seconds</c>, one message per Publish (as the peers publish), paced from a
    /// dedicated thread with about 1 ms granularity; at most <c>window</c> unconfirmed. One consumer acks.
    /// Latency: receive time minus the time just before the Publish call (one process clock), and publish→confirm.
    /// </summary>
    public async Task S3Async(CancellationToken ct)
    {
        var size = o.FixedSize;
        var total = o.Rate * o.Seconds;
        var payloads = new Payloads(size);
        await WarmupAsync("S3", size, 1, singleMessagePublishes: true, ct);
        for (var run = 1; run <= o.Runs; run++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(o.Seconds + 60));
            await target.SetupAsync(1, o.AckDeadlineSeconds, timeout.Token);
            var e2e = new long[total];
            var confirm = new long[total];
            Array.Fill(e2e, -1);
            Array.Fill(confirm, -1);
            await using var consumer = await PullConsumer.StartAsync(target, 0, o, total, size,
                (seq, publishedAt, receivedAt) => e2e[seq] = receivedAt - publishedAt, timeout.Token);
            var consuming = consumer.RunAsync();
            await Task.Delay(200, timeout.Token); // let the streams attach
            var (pub, channel) = await OpenPublisherAsync(timeout.Token);
            using (channel)
            {
                var m = meter.Start();
                var start = m.StartTimestamp;
                long late = 0, failed = 0;
                Exception? firstError = null;
                using var window = new SemaphoreSlim(o.Window, o.Window);
                var calls = new Task[total];
                Exception? pacerError = null;
                var pacer = new Thread(() =>
                {
                    try
                    {
                        Pace();
                    }
                    catch (Exception e)
                    {
                        pacerError = e;
                    }
                })
                { IsBackground = true, Name = "s3-pacer" };
                pacer.Start();
                await Task.Run(pacer.Join, CancellationToken.None);
                await Task.WhenAll(calls.Where(c => c is not null));
                var publishedAt = Stopwatch.GetTimestamp();
                if (pacerError is not null)
                {
                    throw new InvalidOperationException("S3: publishing stopped", pacerError);
                }
                if (firstError is not null)
                {
                    throw new InvalidOperationException($"S3: {failed} Publish calls failed", firstError);
                }
                await consuming;
                var p = m.Stop();
                await consumer.DisposeAsync();
                var remaining = await RemainingAsync([consumer], timeout.Token);
                var lat = e2e.Where(x => x >= 0).Order().ToArray();
                var conf = confirm.Where(x => x >= 0).Order().ToArray();
                var j = new JsonObject
                {
                    ["scenario"] = "S3",
                    ["size"] = size,
                    ["n"] = total,
                    ["run"] = run,
                    ["rate"] = o.Rate,
                    ["window"] = o.Window,
                    ["achieved_rate"] = total / Secs(start, publishedAt),
                    ["late_sends"] = late,
                    ["received"] = lat.Length,
                    ["p50_ms"] = Pct(lat, 0.50),
                    ["p99_ms"] = Pct(lat, 0.99),
                    ["p999_ms"] = Pct(lat, 0.999),
                    ["max_ms"] = Pct(lat, 1.0),
                    ["confirm_p50_ms"] = Pct(conf, 0.50),
                    ["confirm_p99_ms"] = Pct(conf, 0.99),
                    ["confirm_p999_ms"] = Pct(conf, 0.999),
                    ["confirm_max_ms"] = Pct(conf, 1.0),
                    ["remaining_after"] = remaining,
                };
                AddConsumerStats(j, [consumer]);
                AddPhase(j, p);
                sink.Emit(j);

                void Pace()
                {
                    for (var i = 0; i < total; i++)
                    {
                        var due = start + (long)((double)i * Stopwatch.Frequency / o.Rate);
                        while (true)
                        {
                            var left = due - Stopwatch.GetTimestamp();
                            if (left <= 0)
                            {
                                break;
                            }
                            Thread.Sleep(1); // ~1.1 ms granularity, no spinning: the 2 vCPUs are shared with the server
                        }
                        if (Stopwatch.GetTimestamp() - due > Stopwatch.Frequency / 100)
                        {
                            late++; // more than 10 ms behind schedule
                        }
                        window.Wait(timeout.Token);
                        var seq = i;
                        var t = Stopwatch.GetTimestamp();
                        var request = new PublishRequest { Topic = target.Topic, Messages = { new PubsubMessage { Data = payloads.Make(seq, t) } } };
                        calls[i] = pub.PublishAsync(request, deadline: PubSubTarget.In(TimeSpan.FromSeconds(60)), cancellationToken: timeout.Token)
                            .ResponseAsync.ContinueWith(r =>
                            {
                                if (r.IsCompletedSuccessfully && r.Result.MessageIds.Count == 1)
                                {
                                    confirm[seq] = Stopwatch.GetTimestamp() - t;
                                }
                                else
                                {
                                    Interlocked.Increment(ref failed);
                                    Interlocked.CompareExchange(ref firstError, r.Exception?.GetBaseException() ?? new InvalidOperationException("no message id"), null);
                                }
                                window.Release();
                            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }
            }
            await target.TeardownAsync(1, timeout.Token);
        }
    }

    /// <summary>Nearest-rank percentile, in ms, of Stopwatch tick durations (as the peers compute it).</summary>
    private static double? Pct(long[] sorted, double p) =>
        sorted.Length == 0 ? null
        : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;

    /// <summary>
    /// S4: <c>subs</c> subscriptions, one consumer each on its own connection, started first; then N messages are
    /// published with the S1 window. Timed from the first Publish until every consumer has acked all N.
    /// </summary>
    public async Task S4Async(CancellationToken ct)
    {
        var size = o.FixedSize;
        var n = o.NFanout;
        var payloads = new Payloads(size);
        await WarmupAsync("S4", size, o.Subs, singleMessagePublishes: false, ct);
        for (var run = 1; run <= o.Runs; run++)
        {
            using var timeout = PhaseTimeout(ct);
            await target.SetupAsync(o.Subs, o.AckDeadlineSeconds, timeout.Token);
            var consumers = new List<PullConsumer>();
            try
            {
                for (var i = 0; i < o.Subs; i++)
                {
                    consumers.Add(await PullConsumer.StartAsync(target, i, o, n, size, null, timeout.Token));
                }
                var (pub, channel) = await OpenPublisherAsync(timeout.Token);
                using (channel)
                {
                    var m = meter.Start();
                    var running = consumers.Select(c => c.RunAsync()).ToList();
                    var requests = await Publishing.PublishBatchedAsync(pub, target.Topic, payloads, 0, n, o.Batch, o.Inflight, timeout.Token);
                    var tPub = Stopwatch.GetTimestamp();
                    await Task.WhenAll(running);
                    var p = m.Stop();
                    foreach (var c in consumers)
                    {
                        await c.DisposeAsync();
                    }
                    var remaining = await RemainingAsync(consumers, timeout.Token);
                    var j = new JsonObject
                    {
                        ["scenario"] = "S4",
                        ["size"] = size,
                        ["n"] = n,
                        ["subs"] = o.Subs,
                        ["run"] = run,
                        ["window"] = o.Batch * o.Inflight,
                        ["batch"] = o.Batch,
                        ["inflight"] = o.Inflight,
                        ["publish_requests"] = requests,
                        ["msgs_per_s"] = (double)n * o.Subs / p.Seconds,
                        ["publish_msgs_per_s"] = n / Secs(m.StartTimestamp, tPub),
                        ["remaining_after"] = remaining,
                    };
                    AddConsumerStats(j, consumers);
                    AddPhase(j, p);
                    sink.Emit(j);
                }
            }
            finally
            {
                foreach (var c in consumers)
                {
                    await c.DisposeAsync();
                }
            }
            await target.TeardownAsync(o.Subs, timeout.Token);
        }
    }
}
