namespace Tidings.Storage.Postgres.Messages;

/// <summary>Settings of a <see cref="PostgresMessageStore"/>; the defaults suit a server with a few hundred topics.</summary>
public sealed class PostgresMessageStoreOptions
{
    /// <summary>The most <see cref="Writers"/>: each holds a pooled connection while it commits.</summary>
    public const int MaxWriters = 32;

    /// <summary>
    /// Budget, in bytes, of the in-memory cache over all logs: the most recently appended messages and the ranges
    /// read ahead on a miss. Each message counts its <c>Size</c> plus a fixed overhead. Default 64 MiB; 0 turns
    /// the cache off (every read is a query of one message). Unused by a store opened on a shared
    /// <see cref="PostgresMessageCache"/>, whose own budget applies.
    /// </summary>
    public long CacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many messages a read that misses the cache fetches from its sequence on, in one query. Default 256.</summary>
    public int ReadAheadMessages { get; init; } = 256;

    /// <summary>
    /// A read-ahead stops once it holds this many bytes of data (the message read is always fetched), so large
    /// messages do not pull hundreds of megabytes; at most a quarter of the cache's budget. Default 4 MiB.
    /// </summary>
    public int ReadAheadBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Group commit: the writer takes queued appends (of every log) into one transaction until their data reaches
    /// this many bytes (an append larger than this goes alone). Default 16 MiB.
    /// </summary>
    public int MaxCommitBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many writer loops commit appends in parallel, each on its own connection; a log is always committed by the
    /// same one (its id modulo this), so its order and its fence are unchanged. One loop is one PostgreSQL backend
    /// inserting at a time, which bounds publishing; more let appends to different topics use more of the
    /// database's cores. Default 2 (docs/cluster.md, "Measured").
    /// </summary>
    public int Writers { get; init; } = 2;

    /// <summary>Truncation and deleted logs are removed in the background by statements of at most this many messages. Default 10,000.</summary>
    public int DeleteBatchMessages { get; init; } = 10_000;

    /// <summary>
    /// The Pub/Sub cell whose logs the store holds (column <c>cell</c> of <c>tidings_message_logs</c>, migration 0007):
    /// it loads only that cell's logs when it opens and creates its logs in it, so <c>FindLog</c> and <c>ListLogIds</c>
    /// never see another cell's, and stores of different cells share one database, one writer per cell. Default 0,
    /// the cell of every log made before cells existed.
    /// </summary>
    public int Cell { get; init; }

    internal void Validate()
    {
        if (CacheBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheBytes), CacheBytes, "The cache budget cannot be negative.");
        }
        if (ReadAheadMessages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadAheadMessages), ReadAheadMessages, "At least one message is read.");
        }
        if (ReadAheadBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadAheadBytes), ReadAheadBytes, "The read-ahead budget must be positive.");
        }
        if (MaxCommitBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCommitBytes), MaxCommitBytes, "The commit size must be positive.");
        }
        if (Writers is < 1 or > MaxWriters)
        {
            throw new ArgumentOutOfRangeException(nameof(Writers), Writers, $"Between 1 and {MaxWriters} writer loops.");
        }
        if (DeleteBatchMessages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DeleteBatchMessages), DeleteBatchMessages, "A delete removes at least one message.");
        }
        if (Cell < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "A cell number cannot be negative.");
        }
    }
}
