using Tidings.Storage.Segments;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

public sealed class RecordCodecTests
{
    [Fact]
    public void Encode_ThenDecode_RoundTripsEveryField()
    {
        var message = TestMessages.Create("data ✓", 100, "ordering-ключ", ("a", "1"), ("b", ""), ("ü", new string('v', 2000)));
        var buffer = new byte[RecordCodec.RecordSize(message)];

        var length = RecordCodec.Encode(message, 12345, buffer);

        Assert.Equal(RecordStatus.Valid, RecordCodec.Check(buffer.AsSpan(0, length), out var recordLength, out var sequence));
        Assert.Equal(length, recordLength);
        Assert.Equal(12345, sequence);
        var decoded = RecordCodec.Decode(buffer.AsSpan(0, length), out var decodedSequence);
        Assert.Equal(12345, decodedSequence);
        TestMessages.AssertSame(message, decoded);
    }

    [Fact]
    public void Check_AnyFlippedByte_IsNotValid()
    {
        var message = TestMessages.Create("flip me", 40, "k", ("key", "value"));
        var buffer = new byte[RecordCodec.RecordSize(message)];
        var length = RecordCodec.Encode(message, 7, buffer);

        for (var i = 0; i < length; i++)
        {
            var copy = buffer.AsSpan(0, length).ToArray();
            copy[i] ^= 0x10;
            Assert.NotEqual(RecordStatus.Valid, RecordCodec.Check(copy, out _, out _));
        }
    }

    [Fact]
    public void Check_EveryPrefix_IsIncomplete()
    {
        var message = TestMessages.Create("prefix", 30);
        var buffer = new byte[RecordCodec.RecordSize(message)];
        var length = RecordCodec.Encode(message, 1, buffer);

        for (var cut = 0; cut < length; cut++)
        {
            Assert.Equal(RecordStatus.Incomplete, RecordCodec.Check(buffer.AsSpan(0, cut), out _, out _));
        }
    }

    [Fact]
    public void Check_Zeros_IsInvalid()
    {
        Assert.Equal(RecordStatus.Invalid, RecordCodec.Check(new byte[64], out _, out _));
    }

    [Fact]
    public void Encode_OrderingKeyOver64KiB_Throws()
    {
        var message = TestMessages.Create("x", 0, new string('k', 70_000));
        var buffer = new byte[RecordCodec.RecordSize(message)];

        Assert.Throws<ArgumentException>(() => RecordCodec.Encode(message, 1, buffer));
    }
}
