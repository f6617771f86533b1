using System.Globalization;
using System.Text.Json;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// How the expiration policy's clocks are kept in the state store (kind <c>pubsub.activity</c>, see FORMAT.md): the
/// server's running time, a clock that advances only while the server runs, and per subscription the running time
/// of its last activity. Times are in running milliseconds, so the time the server was down is no inactivity.
/// </summary>
internal static class ActivityDocuments
{
    public const string ActivityKind = "pubsub.activity";
    public const string ClockKey = "clock";

    public static StateChange PutClock(long runningMs) =>
        StateChange.Put(ActivityKind, ClockKey, JsonSerializer.SerializeToUtf8Bytes(new RunningClockDocument(PubSubDocuments.FormatVersion, runningMs)));

    public static StateChange PutLastActive(long subscriptionId, long runningMs) =>
        StateChange.Put(ActivityKind, Key(subscriptionId), JsonSerializer.SerializeToUtf8Bytes(new LastActiveDocument(PubSubDocuments.FormatVersion, runningMs)));

    public static StateChange DeleteLastActive(long subscriptionId) => StateChange.Delete(ActivityKind, Key(subscriptionId));

    /// <summary>The stored running time (null before this build first ran) and the last activity of each subscription by id.</summary>
    public static (long? ClockMs, Dictionary<long, long> LastActiveMs) ReadAll(IEnumerable<StateDocument> documents)
    {
        long? clock = null;
        var lastActive = new Dictionary<long, long>();
        foreach (var document in documents)
        {
            if (document.Key == ClockKey)
            {
                var stored = Deserialize<RunningClockDocument>(document);
                PubSubDocuments.CheckVersion(document, stored.FormatVersion);
                clock = stored.RunningMs;
            }
            else if (long.TryParse(document.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var subscriptionId))
            {
                var stored = Deserialize<LastActiveDocument>(document);
                PubSubDocuments.CheckVersion(document, stored.FormatVersion);
                lastActive[subscriptionId] = stored.LastActiveMs;
            }
            else
            {
                throw Corrupt(document);
            }
        }
        return (clock, lastActive);
    }

    private static string Key(long subscriptionId) => subscriptionId.ToString("D20", CultureInfo.InvariantCulture);

    private static T Deserialize<T>(StateDocument document)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(document.Value) ?? throw Corrupt(document);
        }
        catch (JsonException exception)
        {
            throw Corrupt(document, exception);
        }
    }

    private static InvalidDataException Corrupt(StateDocument document, Exception? inner = null) =>
        new($"The stored {document.Kind} record '{document.Key}' cannot be read.", inner);
}

/// <param name="RunningMs">Milliseconds the server has run, counted across restarts.</param>
internal sealed record RunningClockDocument(int FormatVersion, long RunningMs);

/// <param name="LastActiveMs">The running time (as <see cref="RunningClockDocument.RunningMs"/>) of the subscription's last activity.</param>
internal sealed record LastActiveDocument(int FormatVersion, long LastActiveMs);
