using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.Tasks.Persistence;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Persistence;

/// <summary>The task payload format: a version byte then protobuf fields; round trips, refuses newer versions, skips unknown fields.</summary>
public sealed class TaskRecordCodecTests
{
    private static TaskRecord Sample() => new(new CloudTask
    {
        Name = "projects/p/locations/l/queues/q/tasks/t",
        HttpRequest = new HttpRequest { Url = "https://x.test/", Body = ByteString.CopyFromUtf8("b") },
        DispatchCount = 3,
    })
    {
        ExecutionCount = 2,
        PreviousResponse = 503,
        Claimed = true,
        Forced = true,
    };

    [Fact]
    public void EncodeDecode_RoundTrips()
    {
        var record = Sample();

        var decoded = TaskRecordCodec.Decode(TaskRecordCodec.Encode(record));

        Assert.Equal(record.Task, decoded.Task);
        Assert.Equal(2, decoded.ExecutionCount);
        Assert.Equal(503, decoded.PreviousResponse);
        Assert.True(decoded.Claimed);
        Assert.True(decoded.Forced);
    }

    [Fact]
    public void Encode_StartsWithTheFormatVersion()
    {
        Assert.Equal(1, TaskRecordCodec.Encode(Sample())[0]);
    }

    [Fact]
    public void Decode_NewerVersion_RefusedNamingIt()
    {
        var bytes = TaskRecordCodec.Encode(Sample());
        bytes[0] = 2;

        var error = Assert.Throws<InvalidDataException>(() => TaskRecordCodec.Decode(bytes));

        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownField_Skipped()
    {
        var bytes = TaskRecordCodec.Encode(Sample()).ToList();
        // Field 99, varint 7: what a later build could add without raising the version.
        bytes.AddRange([0x98, 0x06, 0x07]);

        var decoded = TaskRecordCodec.Decode(bytes.ToArray());

        Assert.Equal(503, decoded.PreviousResponse);
    }

    [Fact]
    public void Decode_Damaged_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => TaskRecordCodec.Decode(new byte[] { 1, 0x0A, 0x50 }));
        Assert.Throws<InvalidDataException>(() => TaskRecordCodec.Decode(Array.Empty<byte>()));
    }
}
