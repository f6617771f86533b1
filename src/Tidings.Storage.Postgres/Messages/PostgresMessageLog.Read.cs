using System.Text;
using Npgsql;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

internal sealed partial class PostgresMessageLog
{
    // The running sum stops a read-ahead at a byte budget; octet_length of a bytea reads its header, not its data,
    // and the rows left out are never detoasted.
    private const string ReadRangeSql = """
        SELECT sequence, publish_time, ordering_key, attributes, data
        FROM (SELECT sequence, publish_time, ordering_key, attributes, data,
                     sum(octet_length(data)) OVER (ORDER BY sequence) - octet_length(data) AS before
              FROM tidings_messages
              WHERE log_id = $1 AND sequence >= $2 AND sequence < $3) AS range
        WHERE before < $4
        ORDER BY sequence
        """;

    /// <summary>
    /// From the cache, or else by one query reading ahead from <paramref name="sequence"/> (up to the options'
    /// count and bytes, and never into the cached appends), whose range is then cached. Runs on the caller's
    /// thread; the query runs without the lock.
    /// </summary>
    public bool TryRead(long sequence, out StoredMessage message)
    {
        long end;
        lock (_lock)
        {
            if (_released || sequence < _first || sequence >= _next)
            {
                message = null!;
                return false;
            }
            if (TryReadCached(sequence, out message))
            {
                _store.CacheReads.Hit();
                return true;
            }
            end = !_store.Cache.Enabled ? sequence + 1
                : Math.Min(sequence + _store.Options.ReadAheadMessages, sequence < _ringStart ? _ringStart : _next);
        }
        _store.CacheReads.Miss();
        var window = ReadRange(sequence, end);
        if (window is null)
        {
            message = null!;
            return false; // removed meanwhile (truncation, deletion)
        }
        message = window[sequence];
        if (_store.Cache.Enabled)
        {
            bool added;
            lock (_lock)
            {
                added = AddWindowLocked(window);
            }
            if (added)
            {
                _store.Cache.AdmitWindow(this, window);
            }
        }
        return true;
    }

    /// <summary>The messages from <paramref name="start"/> on, contiguous, or null when <paramref name="start"/> is not stored.</summary>
    private ReadWindow? ReadRange(long start, long end)
    {
        var messages = new List<StoredMessage>();
        long bytes = 0;
        try
        {
            using var connection = _store.DataSource.OpenConnection();
            using var command = new NpgsqlCommand(ReadRangeSql, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LogId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = start });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end });
            // A window is at most a quarter of the budget, so it never evicts all the recent appends, nor itself.
            var budget = _store.Cache.Enabled ? Math.Min(_store.Options.ReadAheadBytes, _store.Cache.BudgetBytes / 4) : 1;
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = budget });
            command.Prepare();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var sequence = reader.GetInt64(0);
                if (sequence != start + messages.Count)
                {
                    break; // a gap: the window stops before it
                }
                var attributes = AttributeCodec.Decode(reader.GetFieldValue<byte[]>(3), LogId, sequence);
                var message = new StoredMessage(
                    reader.GetFieldValue<byte[]>(4),
                    attributes,
                    Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(2)),
                    reader.GetInt64(1));
                messages.Add(message);
                bytes += message.Size + PostgresMessageCache.OverheadBytes;
            }
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, $"Reading log {LogId} from sequence {start}");
        }
        return messages.Count == 0 ? null : new ReadWindow(start, [.. messages], bytes);
    }
}
