using System.Text;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Tests.Support;

/// <summary>Builds messages whose data starts with a text telling where they came from (zero padded), and compares them.</summary>
public static class TestMessages
{
    public static StoredMessage Create(string text, int dataBytes = 0, string orderingKey = "", params (string Key, string Value)[] attributes)
    {
        var data = Encoding.UTF8.GetBytes(text);
        if (dataBytes > data.Length)
        {
            Array.Resize(ref data, dataBytes);
        }
        var pairs = new KeyValuePair<string, string>[attributes.Length];
        for (var i = 0; i < attributes.Length; i++)
        {
            pairs[i] = new KeyValuePair<string, string>(attributes[i].Key, attributes[i].Value);
        }
        return new StoredMessage(data, pairs, orderingKey, 1_700_000_000_000_000 + text.Length);
    }

    public static StoredMessage[] Batch(string prefix, int count, int dataBytes = 0)
    {
        var batch = new StoredMessage[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = Create($"{prefix}-{i}", dataBytes);
        }
        return batch;
    }

    /// <summary>The text the message was created with.</summary>
    public static string Text(StoredMessage message) => Encoding.UTF8.GetString(message.Data.Span.TrimEnd((byte)0));

    public static void AssertSame(StoredMessage expected, StoredMessage actual)
    {
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(expected.OrderingKey, actual.OrderingKey);
        Assert.Equal(expected.PublishTimeUnixMicros, actual.PublishTimeUnixMicros);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.Size, actual.Size);
    }

    /// <summary>Checks that each slot <see cref="IMessageLog.TryReadMany"/> filled holds what TryRead gives for its sequence, null where it gives none.</summary>
    public static void AssertAsTryRead(IMessageLog log, long[] sequences, StoredMessage?[] read)
    {
        for (var i = 0; i < sequences.Length; i++)
        {
            if (log.TryRead(sequences[i], out var expected))
            {
                Assert.NotNull(read[i]);
                AssertSame(expected, read[i]!);
            }
            else
            {
                Assert.Null(read[i]);
            }
        }
    }

    /// <summary>Reads <paramref name="sequence"/> and checks it is the message created with <paramref name="text"/>.</summary>
    public static void AssertText(IMessageLog log, long sequence, string text)
    {
        Assert.True(log.TryRead(sequence, out var message), $"sequence {sequence} should be readable");
        Assert.Equal(text, Text(message));
    }
}
