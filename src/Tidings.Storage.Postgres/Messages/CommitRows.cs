using System.Runtime.InteropServices;
using System.Text;
using Npgsql;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>The rows of one group commit as the column arrays its <c>unnest</c> insert takes. Writer loop only.</summary>
internal sealed class CommitRows
{
    private readonly List<long> _logIds = [];
    private readonly List<long> _sequences = [];
    private readonly List<long> _publishTimes = [];
    private readonly List<byte[]> _orderingKeys = [];
    private readonly List<byte[]> _attributes = [];
    private readonly List<byte[]> _data = [];

    public int Count => _logIds.Count;

    /// <summary>Adds the messages of <paramref name="append"/>, numbered from <paramref name="first"/>.</summary>
    public void Add(PendingAppend append, long first)
    {
        var sequence = first;
        foreach (var message in append.Messages)
        {
            _logIds.Add(append.Log.LogId);
            _sequences.Add(sequence++);
            _publishTimes.Add(message.PublishTimeUnixMicros);
            _orderingKeys.Add(message.OrderingKey.Length == 0 ? [] : Encoding.UTF8.GetBytes(message.OrderingKey));
            _attributes.Add(AttributeCodec.Encode(message.Attributes));
            _data.Add(WholeArray(message.Data));
        }
    }

    /// <summary>Adds parameters $4 to $9 of the commit statement.</summary>
    public void AddParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. _logIds] });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. _sequences] });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. _publishTimes] });
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. _orderingKeys] });
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. _attributes] });
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. _data] });
    }

    /// <summary>The payload's own array when it spans all of it (the usual case), else a copy.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
}
