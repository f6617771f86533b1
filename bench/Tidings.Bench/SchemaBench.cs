using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tidings.PubSub.Schemas;

namespace Tidings.Bench;

/// <summary>
/// <c>Tidings.Bench schemas [--n 200000]</c>: the cost of validating one 1 KiB message on the publish path, for both
/// schema types in both encodings, in-process against the compiled (cached) validator a revision keeps. Prints
/// ns per message, MB/s and bytes allocated per message, and appends them to <c>results/schemas.jsonl</c>.
/// </summary>
internal static class SchemaBench
{
    private const string Avro = """
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
          {"name": "id", "type": "long"}, {"name": "customer", "type": "string"},
          {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
          {"name": "note", "type": ["null", "string"], "default": null},
          {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
            {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"}, {"name": "price", "type": "double"}]}}},
          {"name": "labels", "type": {"type": "map", "values": "string"}}]}
        """;

    private const string Proto = """
        syntax = "proto3";
        package shop;
        message Order {
          int64 id = 1;
          string customer = 2;
          Status status = 3;
          optional string note = 4;
          repeated Line lines = 5;
          map<string, string> labels = 6;
          enum Status { NEW = 0; PAID = 1; SHIPPED = 2; }
          message Line { string sku = 1; int32 quantity = 2; double price = 3; }
        }
        """;

    public static int Run(CommandLine cl)
    {
        var n = cl.Int("n", 200_000, min: 1);
        var outDir = cl.Str("out-dir") ?? Path.Combine(AppContext.BaseDirectory, "results");
        var cases = new (string Name, SchemaType Type, string Definition, SchemaEncoding Encoding, byte[] Data)[]
        {
            ("avro-json", SchemaType.Avro, Avro, SchemaEncoding.Json, AvroJson(lines: 13)),
            ("avro-binary", SchemaType.Avro, Avro, SchemaEncoding.Binary, AvroBinary(lines: 28)),
            ("proto-json", SchemaType.ProtocolBuffer, Proto, SchemaEncoding.Json, ProtoJson(lines: 13)),
            ("proto-binary", SchemaType.ProtocolBuffer, Proto, SchemaEncoding.Binary, ProtoBinary(lines: 24)),
        };
        Directory.CreateDirectory(outDir);
        using var results = File.AppendText(Path.Combine(outDir, "schemas.jsonl"));
        Console.WriteLine($"{"case",-14} {"bytes",6} {"ns/msg",9} {"MB/s",8} {"alloc B/msg",12}");
        foreach (var (name, type, definition, encoding, data) in cases)
        {
            var schema = SchemaCompiler.Compile(type, definition);
            if (schema.Validate(data, encoding) is { } error)
            {
                throw new InvalidOperationException($"{name}: the sample message is invalid: {error}");
            }
            Measure(schema, data, encoding, n / 10); // warm-up: tiered JIT
            var (nanos, allocated) = Measure(schema, data, encoding, n);
            var perMessage = nanos / n;
            var megabytesPerSecond = data.Length / perMessage * 1e9 / 1e6;
            Console.WriteLine($"{name,-14} {data.Length,6} {perMessage,9:F0} {megabytesPerSecond,8:F1} {allocated / (double)n,12:F0}");
            results.WriteLine(JsonSerializer.Serialize(new
            {
                time = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                @case = name,
                bytes = data.Length,
                n,
                ns_per_message = Math.Round(perMessage, 1),
                mb_per_s = Math.Round(megabytesPerSecond, 1),
                allocated_bytes_per_message = Math.Round(allocated / (double)n, 1),
            }));
        }
        return 0;
    }

    private static (double Nanos, long Allocated) Measure(CompiledSchema schema, byte[] data, SchemaEncoding encoding, int n)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            if (schema.Validate(data, encoding) is not null)
            {
                throw new InvalidOperationException("validation failed");
            }
        }
        return (watch.Elapsed.TotalNanoseconds, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    // About 1 KiB each: an order of 4 labels and as many lines as make 1 KiB in the encoding.

    private static byte[] AvroJson(int lines) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
    {
        ["id"] = 123456789,
        ["customer"] = "customer-000042@example.com",
        ["status"] = "PAID",
        ["note"] = new Dictionary<string, string> { ["string"] = "leave at the door" },
        ["lines"] = Lines(lines).Select(line => new { sku = line.Sku, quantity = line.Quantity, price = line.Price }).ToArray(),
        ["labels"] = Labels(),
    });

    private static byte[] ProtoJson(int lines) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
    {
        ["id"] = "123456789",
        ["customer"] = "customer-000042@example.com",
        ["status"] = "PAID",
        ["note"] = "leave at the door",
        ["lines"] = Lines(lines).Select(line => new { sku = line.Sku, quantity = line.Quantity, price = line.Price }).ToArray(),
        ["labels"] = Labels(),
    });

    private static byte[] AvroBinary(int lines)
    {
        var bytes = new List<byte>();
        AvroLong(bytes, 123456789);
        AvroString(bytes, "customer-000042@example.com");
        AvroLong(bytes, 1);
        AvroLong(bytes, 1);
        AvroString(bytes, "leave at the door");
        var items = Lines(lines);
        AvroLong(bytes, items.Length);
        foreach (var line in items)
        {
            AvroString(bytes, line.Sku);
            AvroLong(bytes, line.Quantity);
            bytes.AddRange(BitConverter.GetBytes(line.Price));
        }
        AvroLong(bytes, 0);
        var labels = Labels();
        AvroLong(bytes, labels.Count);
        foreach (var (key, value) in labels)
        {
            AvroString(bytes, key);
            AvroString(bytes, value);
        }
        AvroLong(bytes, 0);
        return [.. bytes];
    }

    private static byte[] ProtoBinary(int lines)
    {
        var bytes = new List<byte>();
        ProtoTag(bytes, 1, 0);
        ProtoVarint(bytes, 123456789);
        ProtoString(bytes, 2, "customer-000042@example.com");
        ProtoTag(bytes, 3, 0);
        ProtoVarint(bytes, 1);
        ProtoString(bytes, 4, "leave at the door");
        foreach (var line in Lines(lines))
        {
            var entry = new List<byte>();
            ProtoString(entry, 1, line.Sku);
            ProtoTag(entry, 2, 0);
            ProtoVarint(entry, (ulong)line.Quantity);
            ProtoTag(entry, 3, 1);
            entry.AddRange(BitConverter.GetBytes(line.Price));
            ProtoBytes(bytes, 5, [.. entry]);
        }
        foreach (var (key, value) in Labels())
        {
            var entry = new List<byte>();
            ProtoString(entry, 1, key);
            ProtoString(entry, 2, value);
            ProtoBytes(bytes, 6, [.. entry]);
        }
        return [.. bytes];
    }

    private static (string Sku, int Quantity, double Price)[] Lines(int count) =>
        [.. Enumerable.Range(1, count).Select(i => ($"SKU-{i:D6}-blue-large", i, 9.99 * i))];

    private static Dictionary<string, string> Labels() => new()
    {
        ["channel"] = "web-storefront",
        ["region"] = "europe-west1",
        ["campaign"] = "winter-sale-2026",
        ["priority"] = "standard",
    };

    private static void AvroLong(List<byte> bytes, long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        ProtoVarint(bytes, zigzag);
    }

    private static void AvroString(List<byte> bytes, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        AvroLong(bytes, utf8.Length);
        bytes.AddRange(utf8);
    }

    private static void ProtoTag(List<byte> bytes, int number, int wireType) => ProtoVarint(bytes, (ulong)((number << 3) | wireType));

    private static void ProtoVarint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    private static void ProtoString(List<byte> bytes, int number, string value) => ProtoBytes(bytes, number, Encoding.UTF8.GetBytes(value));

    private static void ProtoBytes(List<byte> bytes, int number, byte[] payload)
    {
        ProtoTag(bytes, number, 2);
        ProtoVarint(bytes, (ulong)payload.Length);
        bytes.AddRange(payload);
    }
}
