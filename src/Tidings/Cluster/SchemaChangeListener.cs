using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.PubSub.Cells;
using Tidings.Storage.State;

namespace Tidings.Cluster;

/// <summary>
/// With Pub/Sub in cells, keeps this node's copy of the schemas up to date with the changes made through other nodes:
/// this node announces its changes (<see cref="PostgresSchemaChangeNotifier"/>, the <see cref="PubSubCells"/>' notifier)
/// and this service <c>LISTEN</c>s for everyone's, reloading each schema named (<see cref="SchemaChangeApplier"/>: a
/// deleted one rebinds this node's topics to <c>_deleted-schema_</c>). Whenever it starts listening, after a start or
/// a lost connection, it reloads every schema, for the changes it did not hear meanwhile. Between a change and its
/// notification the engine reads a schema again itself when it misses it or a message fails against it; the
/// notification is what rebinds the topics of a deleted schema here and retires what another node deleted or rolled
/// back.
/// </summary>
internal sealed class SchemaChangeListener(
    PubSubCells cells,
    IStateStore stateStore,
    ClusterNode node,
    TidingsOptions options,
    TimeProvider time,
    ILogger<SchemaChangeListener> logger) : PostgresChannelListener(node, options, time)
{
    private readonly SchemaChangeApplier _applier = new(cells, stateStore);

    protected override string Channel => PostgresSchemaChangeNotifier.Channel;

    protected override string Purpose => "schemas";

    protected override void OnListening()
    {
        _applier.ApplyAll();
        SchemaChangeLog.Listening(logger, Node.NodeId, Channel);
    }

    protected override void OnNotification(string payload)
    {
        SchemaChangeLog.Reloading(logger, Node.NodeId, payload);
        _applier.Apply(payload);
    }

    protected override void OnListenFailed(string reason) => SchemaChangeLog.ListenFailed(logger, Node.NodeId, reason);
}
