namespace Tidings.PubSub.Resources;

/// <summary>The user-settable fields of a topic that Tidings keeps and returns.</summary>
public sealed record TopicSettings
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>How long messages are kept regardless of acks; null when unset (messages go once every subscription acked them).</summary>
    public TimeSpan? MessageRetentionDuration { get; init; }

    public string KmsKeyName { get; init; } = "";

    /// <summary>Null when the topic has no storage policy of its own.</summary>
    public MessageStoragePolicy? MessageStoragePolicy { get; init; }

    /// <summary>Null when published messages are not validated against a schema.</summary>
    public TopicSchemaSettings? SchemaSettings { get; init; }
}

public sealed record MessageStoragePolicy(IReadOnlyList<string> AllowedPersistenceRegions, bool EnforceInTransit);
