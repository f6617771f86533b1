using System.Text;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>A hand-written Avro schema of every kind of type, and an encoder for its binary form.</summary>
internal static class AvroSamples
{
    public const string Order = """
        {
          "type": "record", "name": "Order", "namespace": "shop",
          "fields": [
            {"name": "id", "type": "long"},
            {"name": "item", "type": "string"},
            {"name": "quantity", "type": "int", "default": 1},
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
            {"name": "note", "type": ["null", "string"], "default": null},
            {"name": "tags", "type": {"type": "array", "items": "string"}},
            {"name": "prices", "type": {"type": "map", "values": "double"}},
            {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 2}},
            {"name": "paid", "type": "boolean"},
            {"name": "ratio", "type": "float"},
            {"name": "blob", "type": "bytes"},
            {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}}
          ]
        }
        """;

    public const string ValidJson = """
        {"id": 7, "item": "book", "quantity": 2, "status": "PAID", "note": {"string": "gift"}, "tags": ["a", "b"],
         "prices": {"eur": 9.5}, "hash": "\u00ff\u0001", "paid": true, "ratio": 0.5, "blob": "ab", "placed": 1700000000000}
        """;

    /// <summary>The binary form of <see cref="ValidJson"/>'s values.</summary>
    public static byte[] ValidBinary()
    {
        var bytes = new List<byte>();
        Long(bytes, 7);
        Str(bytes, "book");
        Long(bytes, 2);
        Long(bytes, 1); // PAID
        Long(bytes, 1); // union branch 1: string
        Str(bytes, "gift");
        Long(bytes, 2);
        Str(bytes, "a");
        Str(bytes, "b");
        Long(bytes, 0);
        Long(bytes, 1);
        Str(bytes, "eur");
        bytes.AddRange(BitConverter.GetBytes(9.5));
        Long(bytes, 0);
        bytes.AddRange([0xFF, 0x01]);
        bytes.Add(1);
        bytes.AddRange(BitConverter.GetBytes(0.5f));
        Long(bytes, 2);
        bytes.AddRange("ab"u8.ToArray());
        Long(bytes, 1700000000000);
        return [.. bytes];
    }

    /// <summary>Avro's zig-zag varint.</summary>
    public static void Long(List<byte> bytes, long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        while (zigzag >= 0x80)
        {
            bytes.Add((byte)(zigzag | 0x80));
            zigzag >>= 7;
        }
        bytes.Add((byte)zigzag);
    }

    public static void Str(List<byte> bytes, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        Long(bytes, utf8.Length);
        bytes.AddRange(utf8);
    }
}
