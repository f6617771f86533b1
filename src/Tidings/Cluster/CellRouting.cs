using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tidings.PubSub.Cells;
using Tidings.Storage.Postgres.State;
using Tidings.Storage.State;

namespace Tidings.Cluster;

/// <summary>
/// With Pub/Sub in cells, which cell's unit serves a Pub/Sub request (<see cref="PubSubTarget"/>): a topic's by the
/// hash of its name, a schema's likewise, a subscription's or snapshot's by where it is (this node's engines first,
/// then the kind its cell keeps it under in PostgreSQL). A gRPC call's first request message is read for the name and
/// put back in front of the body, so the local server or the owner it is forwarded to reads the call whole; a REST
/// creation by PUT has its body buffered for the same reason. The console's peek goes to its subscription's cell and
/// its test publish to its topic's (read from the buffered body); listings, the console's project description and
/// its overview are served by the node asked, which gathers every cell's part.
/// </summary>
internal sealed class CellRouting(PubSubCells cells, IStateStore stateStore)
{
    /// <summary>The largest first message read for its name: a publish of Google's 10 MB limit, and its framing.</summary>
    private const int MaxFirstMessageBytes = 11 * 1024 * 1024;

    private const string ConsolePeekPath = "/console/api/pubsub/peek";
    private const string ConsolePublishPath = "/console/api/pubsub/publish";

    public bool IsSplit => cells.Map.Count > 1;

    /// <summary>The cell unit to serve <paramref name="context"/>'s request, or null when this node serves it whatever it owns.</summary>
    public async Task<ClusterUnit?> RouteAsync(HttpContext context)
    {
        var request = context.Request;
        PubSubTarget? target;
        if (ClusterUnavailable.IsGrpc(request))
        {
            target = PubSubTarget.OfGrpc(request.Path.Value ?? "", await ReadFirstMessageAsync(request, context.RequestAborted).ConfigureAwait(false));
        }
        else if (request.Path.StartsWithSegments("/console", StringComparison.Ordinal))
        {
            target = await ConsoleTargetAsync(request, context.RequestAborted).ConfigureAwait(false);
            if (target is null)
            {
                return null; // the project's description and the overview: gathered from every cell here
            }
        }
        else
        {
            var field = PubSubTarget.BodyFieldOf(request.Method, request.Path.Value ?? "");
            var value = field is null ? null : await ReadBodyFieldAsync(request, field, context.RequestAborted).ConfigureAwait(false);
            target = PubSubTarget.OfRest(request.Method, request.Path.Value ?? "", request.Query["schemaId"].ToString(), value);
        }
        return target switch
        {
            null => AnyCell(),
            { Kind: PubSubTargetKind.Listing } => null,
            { Kind: PubSubTargetKind.Topic } t => ClusterUnit.PubSubCell(cells.Map.OfTopic(t.Name)),
            { Kind: PubSubTargetKind.Schema } t => ClusterUnit.PubSubCell(cells.Map.OfTopic(WithoutRevision(t.Name))),
            { Kind: PubSubTargetKind.AnyCell } => AnyCell(),
            { } t => await HolderAsync(t, context.RequestAborted).ConfigureAwait(false) ?? AnyCell(),
        };
    }

    /// <summary>The cell holding a subscription or snapshot: one of this node's engines, else PostgreSQL says; null when none does.</summary>
    private async Task<ClusterUnit?> HolderAsync(PubSubTarget target, CancellationToken cancellationToken)
    {
        var subscription = target.Kind == PubSubTargetKind.Subscription;
        if (cells.FindLocal(e => subscription ? e.HasSubscription(target.Name) : e.HasSnapshot(target.Name)) is { } local)
        {
            return ClusterUnit.PubSubCell(local.Cell);
        }
        if (target.Name.Length == 0 || stateStore is not PostgresStateStore postgres)
        {
            return null;
        }
        var kind = subscription ? "pubsub.subscription" : "pubsub.snapshot";
        var kinds = cells.Map.All.Select(cell => CellStateStore.Kind(kind, cell)).ToList();
        var found = await postgres.FindKindsAsync(kinds, target.Name, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : ClusterUnit.PubSubCell(kinds.IndexOf(found[0]));
    }

    /// <summary>
    /// A console call about one resource: a peek is its subscription's (the query's <c>subscription</c>), a test
    /// publish its topic's (the JSON body's <c>topic</c>; without one, answered INVALID_ARGUMENT by any cell); null for
    /// the others.
    /// </summary>
    private static async Task<PubSubTarget?> ConsoleTargetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method) && request.Path.Equals(ConsolePeekPath, StringComparison.Ordinal))
        {
            return new PubSubTarget(PubSubTargetKind.Subscription, request.Query["subscription"].ToString());
        }
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(ConsolePublishPath, StringComparison.Ordinal))
        {
            return await ReadBodyFieldAsync(request, "topic", cancellationToken).ConfigureAwait(false) is { Length: > 0 } topic
                ? new PubSubTarget(PubSubTargetKind.Topic, topic)
                : new PubSubTarget(PubSubTargetKind.AnyCell, "");
        }
        return null;
    }

    // A cell this node runs, so the call is answered here; cell 0's owner when it runs none.
    private ClusterUnit AnyCell() => ClusterUnit.PubSubCell(cells.FindLocal(_ => true)?.Cell ?? 0);

    private static string WithoutRevision(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? name : name[..at];
    }

    /// <summary>
    /// The first gRPC message of the request (decompressed if the client compressed it with gzip), its frame put back
    /// in front of the body; empty when the body ends first or the message is larger than any call takes.
    /// </summary>
    private static async Task<byte[]> ReadFirstMessageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        BodyLimitLifted.Apply(request.HttpContext);
        var body = request.Body;
        var header = new byte[5];
        var read = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < header.Length)
        {
            request.Body = new PrefixedStream(header[..read], body);
            return [];
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxFirstMessageBytes)
        {
            request.Body = new PrefixedStream(header, body); // the server refuses it as too large, wherever it is
            return [];
        }
        var message = new byte[length];
        read = await body.ReadAtLeastAsync(message, message.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        request.Body = new PrefixedStream([.. header, .. message.AsSpan(0, read)], body);
        if (read < message.Length)
        {
            return [];
        }
        if (header[0] == 0)
        {
            return message;
        }
        if (request.Headers["grpc-encoding"].ToString() != "gzip")
        {
            return [];
        }
        using var gzip = new GZipStream(new MemoryStream(message), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain, cancellationToken).ConfigureAwait(false);
        return plain.ToArray();
    }

    /// <summary>A string field of a JSON body, which is buffered and rewound for whoever reads it next; null when absent or unreadable.</summary>
    private static async Task<string?> ReadBodyFieldAsync(HttpRequest request, string field, CancellationToken cancellationToken)
    {
        BodyLimitLifted.Apply(request.HttpContext);
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(field, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // the API answers the malformed body, wherever it goes
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}

/// <summary>A read-only stream that gives <see cref="Prefix"/> and then the rest of another stream (which it does not dispose).</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
{
    private int _position;

    public byte[] Prefix => prefix;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length)
        {
            return CopyPrefix(buffer);
        }
        return rest.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _position < prefix.Length ? ValueTask.FromResult(CopyPrefix(buffer.Span)) : rest.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int CopyPrefix(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, prefix.Length - _position);
        prefix.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}

/// <summary>
/// The request body's size limit, lifted before routing reads the body (the server sets none: gRPC limits messages
/// itself), and kept settable afterwards: the forwarder lifts it again, and warns on every request when reading has
/// made the server's feature read-only.
/// </summary>
internal sealed class BodyLimitLifted : IHttpMaxRequestBodySizeFeature
{
    private static readonly BodyLimitLifted Instance = new();

    public bool IsReadOnly => false;

    public long? MaxRequestBodySize
    {
        get => null;
        set { }
    }

    public static void Apply(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(Instance);
    }
}
