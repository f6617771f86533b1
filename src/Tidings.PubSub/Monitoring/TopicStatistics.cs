namespace Tidings.PubSub.Monitoring;

/// <summary>One topic's publish counts since the server started.</summary>
/// <param name="Name">The full name, <c>projects/{project}/topics/{topic}</c>.</param>
/// <param name="MessagesPublished">Messages stored (published, or forwarded to it as dead letters).</param>
/// <param name="BytesPublished">Their sizes: data, attribute keys and values, ordering key.</param>
/// <param name="PublishRequests">Batches stored: publish requests and dead-letter forwards.</param>
public sealed record TopicStatistics(
    string Name,
    string ProjectId,
    string TopicId,
    long MessagesPublished,
    long BytesPublished,
    long PublishRequests);
