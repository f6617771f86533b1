using Tidings.PubSub.Publishing;

namespace Tidings.PubSub.Cells;

/// <summary>
/// The cells of a cluster that run on other nodes, as a cell's engine needs them: whether a name exists in one
/// (read from the database, which every cell writes before a change takes effect), a cluster-wide claim on a name
/// while a subscription or snapshot is created under it (names are unique across cells), and dead letters published
/// to a topic of one. <see cref="None"/> where every cell runs in this process.
/// </summary>
public interface ICellsElsewhere
{
    public static readonly ICellsElsewhere None = new Nowhere();

    /// <summary>Whether topic <paramref name="topic"/> exists in cell <paramref name="cell"/>, which runs elsewhere.</summary>
    bool TopicExists(string topic, int cell);

    /// <summary>Whether one of <paramref name="cells"/>, which run elsewhere, holds a subscription named <paramref name="name"/>.</summary>
    bool SubscriptionExists(string name, IReadOnlyList<int> cells);

    /// <summary>Whether one of <paramref name="cells"/>, which run elsewhere, holds a snapshot named <paramref name="name"/>.</summary>
    bool SnapshotExists(string name, IReadOnlyList<int> cells);

    /// <summary>Holds the name against creations on other nodes until disposed.</summary>
    IDisposable ClaimName(string name);

    /// <summary>Publishes dead letters to <paramref name="topic"/>, whose cell runs elsewhere; NOT_FOUND when it does not exist.</summary>
    Task PublishDeadLettersAsync(string topic, IReadOnlyList<PublishMessage> messages);

    private sealed class Nowhere : ICellsElsewhere, IDisposable
    {
        public bool TopicExists(string topic, int cell) => false;

        public bool SubscriptionExists(string name, IReadOnlyList<int> cells) => false;

        public bool SnapshotExists(string name, IReadOnlyList<int> cells) => false;

        public IDisposable ClaimName(string name) => this;

        public Task PublishDeadLettersAsync(string topic, IReadOnlyList<PublishMessage> messages) => throw PubSubCells.NotServed();

        public void Dispose()
        {
        }
    }
}
