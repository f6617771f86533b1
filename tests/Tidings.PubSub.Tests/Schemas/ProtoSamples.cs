namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Hand-written .proto definitions and a wire-format encoder for the tests.</summary>
internal static class ProtoSamples
{
    public const string Order = """
        syntax = "proto3";
        package shop;

        message Order {
          int64 id = 1;
          string item = 2;
          Status status = 3;
          repeated int32 quantities = 4;
          Address ship_to = 5;
          map<string, double> prices = 6;
          bytes blob = 7;
          oneof payment {
            string card = 8;
            string voucher = 9;
          }
          optional bool gift = 10;

          enum Status {
            STATUS_UNSPECIFIED = 0;
            NEW = 1;
            PAID = 2;
          }

          message Address {
            string city = 1;
            repeated string lines = 2;
          }
        }
        """;

    public const string ValidJson = """
        {"id": "7", "item": "book", "status": "PAID", "quantities": [1, 2], "shipTo": {"city": "Lyon", "lines": ["1 rue"]},
         "prices": {"eur": 9.5}, "blob": "YWI=", "card": "visa", "gift": true}
        """;

    public static byte[] ValidBinary()
    {
        var bytes = new List<byte>();
        Tag(bytes, 1, 0);
        Varint(bytes, 7);
        LengthDelimited(bytes, 2, "book"u8.ToArray());
        Tag(bytes, 3, 0);
        Varint(bytes, 2);
        LengthDelimited(bytes, 4, [1, 2]); // packed
        var address = new List<byte>();
        LengthDelimited(address, 1, "Lyon"u8.ToArray());
        LengthDelimited(bytes, 5, [.. address]);
        var entry = new List<byte>();
        LengthDelimited(entry, 1, "eur"u8.ToArray());
        Tag(entry, 2, 1);
        entry.AddRange(BitConverter.GetBytes(9.5));
        LengthDelimited(bytes, 6, [.. entry]);
        LengthDelimited(bytes, 8, "visa"u8.ToArray());
        Tag(bytes, 10, 0);
        Varint(bytes, 1);
        return [.. bytes];
    }

    public static void Tag(List<byte> bytes, int number, int wireType) => Varint(bytes, (ulong)((number << 3) | wireType));

    public static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    public static void LengthDelimited(List<byte> bytes, int number, byte[] payload)
    {
        Tag(bytes, number, 2);
        Varint(bytes, (ulong)payload.Length);
        bytes.AddRange(payload);
    }
}
