using System.Text;

namespace Tidings.PubSub.Cells;

/// <summary>
/// How a cluster splits Pub/Sub into cells, each an engine of its own that one node runs at a time: a topic lives in
/// the cell its name hashes to, and its subscriptions and their snapshots live with it (fan-out reads one log). The
/// count is fixed for a database: changing it would move topics between cells. The hash is FNV-1a over the name's
/// UTF-8 bytes, the same on every platform and version.
/// </summary>
public sealed class PubSubCellMap
{
    /// <summary>The most cells: each is a lock, an owner row and an engine on whichever node holds it.</summary>
    public const int MaxCount = 256;

    /// <summary>One cell: Pub/Sub as one engine, the embedded server's and a cluster's default.</summary>
    public static readonly PubSubCellMap Single = new(1);

    public PubSubCellMap(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        Count = count;
    }

    public int Count { get; }

    /// <summary>Every cell, in order.</summary>
    public IEnumerable<int> All => Enumerable.Range(0, Count);

    /// <summary>The cell of the topic <paramref name="topicName"/> (<c>projects/{project}/topics/{topic}</c>).</summary>
    public int OfTopic(string topicName)
    {
        if (Count == 1)
        {
            return 0;
        }
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(topicName) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(topicName, buffer)]
            : Encoding.UTF8.GetBytes(topicName);
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return (int)(hash % (uint)Count);
    }
}
