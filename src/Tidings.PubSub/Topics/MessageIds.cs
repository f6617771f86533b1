using System.Globalization;

namespace Tidings.PubSub.Topics;

/// <summary>
/// Message ids are decimal numbers, like Google's, unique across the server: the log id in the high bits and the
/// sequence number (below 2^40) in the low bits.
/// </summary>
internal static class MessageIds
{
    private const int SequenceBits = 40;

    public static string Format(long logId, long sequence) =>
        ((logId << SequenceBits) | sequence).ToString(CultureInfo.InvariantCulture);
}
