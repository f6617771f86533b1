using Npgsql;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Publishing;
using Tidings.Storage.Postgres.State;
using Tidings.Storage.State;

namespace Tidings.Cluster;

/// <summary>
/// The Pub/Sub cells that run on other nodes, as a cell's engine here needs them (<see cref="ICellsElsewhere"/>):
/// names are looked up in PostgreSQL by the kinds their cells keep them under (a document is written before its
/// resource exists, so one created elsewhere is seen); a name is claimed with a session advisory lock of its own
/// (<c>pg_advisory_lock('Name', hashtext(name))</c>, on a pooled connection held until the creation is done, freed
/// with it if the node dies); dead letters are published through the topic's cell's owner.
/// </summary>
internal sealed class ClusterCellsElsewhere(
    ClusterState state, ClusterNode node, NodeChannels channels, IStateStore stateStore, NpgsqlDataSource dataSource) : ICellsElsewhere
{
    /// <summary>"Name" in ASCII: the first key of a name's lock, apart from the units' (whose locks take one bigint key).</summary>
    private const int NameLockClass = 0x4E616D65;

    // Not PubSubCells' own map: the cells stand on this class, so it cannot stand on them.
    private readonly PubSubCellMap _map = new(state.Units.PubSubCells);

    public bool TopicExists(string topic, int cell) => Exists("pubsub.topic", topic, [cell]);

    public bool SubscriptionExists(string name, IReadOnlyList<int> cells) => Exists("pubsub.subscription", name, cells);

    public bool SnapshotExists(string name, IReadOnlyList<int> cells) => Exists("pubsub.snapshot", name, cells);

    public IDisposable ClaimName(string name)
    {
        var connection = dataSource.OpenConnection();
        try
        {
            using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1, hashtext($2))", connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = NameLockClass });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            command.ExecuteNonQuery();
            return new NameClaim(connection, name);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task PublishDeadLettersAsync(string topic, IReadOnlyList<PublishMessage> messages)
    {
        var unit = ClusterUnit.PubSubCell(_map.OfTopic(topic));
        var owner = await UnitForwarding.OwnerAsync(state, node, unit, CancellationToken.None).ConfigureAwait(false)
            ?? throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
        await RemotePublish.SendAsync(channels, node, owner.Url, topic, messages, CancellationToken.None).ConfigureAwait(false);
    }

    // Called by engines in their synchronous creation paths (under their locks): one primary-key probe per cell.
    private bool Exists(string kind, string name, IReadOnlyList<int> cells) =>
        cells.Count > 0 && ((PostgresStateStore)stateStore)
            .FindKindsAsync([.. cells.Select(cell => CellStateStore.Kind(kind, cell))], name, CancellationToken.None)
            .GetAwaiter().GetResult().Count > 0;

    private sealed class NameClaim(NpgsqlConnection connection, string name) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1, hashtext($2))", connection);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = NameLockClass });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                command.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The session is gone, and its locks with it.
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
