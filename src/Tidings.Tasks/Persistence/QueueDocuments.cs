using System.Text;
using System.Text.Json.Nodes;
using Google.Cloud.Iam.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.Storage.State;

namespace Tidings.Tasks.Persistence;

/// <summary>
/// How a queue is kept in the state store: one document per queue, kind <see cref="Kind"/>, keyed by its full name,
/// holding the queue as GetQueue answers it and its IAM policy. Layout and versioning rules in FORMAT.md.
/// </summary>
internal static class QueueDocuments
{
    public const string Kind = "tasks.queue";

    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static StateChange Put(Queue queue, Policy? policy)
    {
        var document = new JsonObject
        {
            ["FormatVersion"] = FormatVersion,
            ["Queue"] = JsonNode.Parse(Formatter.Format(queue)),
        };
        if (policy is not null)
        {
            document["Policy"] = JsonNode.Parse(Formatter.Format(policy));
        }
        return StateChange.Put(Kind, queue.Name, Encoding.UTF8.GetBytes(document.ToJsonString()));
    }

    public static StateChange Delete(string queueName) => StateChange.Delete(Kind, queueName);

    /// <exception cref="InvalidDataException">A newer format, or a document that does not parse.</exception>
    public static (Queue Queue, Policy? Policy) Read(StateDocument document)
    {
        try
        {
            var root = JsonNode.Parse(document.Value) as JsonObject ?? throw Corrupt(document, "not a JSON object");
            var version = root["FormatVersion"]?.GetValue<int>() ?? throw Corrupt(document, "no FormatVersion");
            if (version > FormatVersion || version < 1)
            {
                throw new InvalidDataException(
                    $"The {Kind} record '{document.Key}' has format version {version}; this Tidings reads versions up to {FormatVersion}: it was written by a newer Tidings.");
            }
            var queue = Parser.Parse<Queue>(root["Queue"]?.ToJsonString() ?? throw Corrupt(document, "no Queue"));
            var policy = root["Policy"] is { } node ? Parser.Parse<Policy>(node.ToJsonString()) : null;
            return (queue, policy);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidJsonException or InvalidProtocolBufferException
            or InvalidOperationException or FormatException)
        {
            throw Corrupt(document, exception.Message, exception);
        }
    }

    private static InvalidDataException Corrupt(StateDocument document, string reason, Exception? inner = null) =>
        new($"The {Kind} record '{document.Key}' cannot be read: {reason}.", inner);
}
