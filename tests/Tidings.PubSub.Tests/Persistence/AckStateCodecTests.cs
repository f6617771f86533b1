using System.Buffers.Binary;
using Tidings.PubSub.Persistence;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>The ack-state record round-trips and is never confused with the unversioned layout.</summary>
public sealed class AckStateCodecTests
{
    [Theory]
    [InlineData(1L, new long[0])]
    [InlineData(42L, new long[] { 44, 43, 100 })]
    public void Decode_EncodedWithoutFailedAttempts_RoundTripsAsVersion1(long floor, long[] ackedAbove)
    {
        var encoded = AckStateCodec.Encode(floor, ackedAbove, []);

        var decoded = AckStateCodec.Decode(encoded);

        Assert.Equal(0, encoded.Length % 8);
        Assert.Equal(1, decoded.Version);
        Assert.Equal(floor, decoded.Floor);
        Assert.Equal(ackedAbove, decoded.AckedAbove);
        Assert.Empty(decoded.FailedAttempts);
    }

    [Theory]
    [InlineData(7L, new long[0], 1)]
    [InlineData(42L, new long[] { 44, 43, 100 }, 2)]
    [InlineData(42L, new long[] { 44 }, 3)]
    public void Decode_EncodedWithFailedAttempts_RoundTripsAsVersion2(long floor, long[] ackedAbove, int failedCount)
    {
        var failed = Enumerable.Range(0, failedCount).Select(i => (floor + 10 + i, 3 + i)).ToArray();
        var encoded = AckStateCodec.Encode(floor, ackedAbove, failed);

        var decoded = AckStateCodec.Decode(encoded);

        Assert.Equal(0, encoded.Length % 8);
        Assert.Equal(2, decoded.Version);
        Assert.Equal(floor, decoded.Floor);
        Assert.Equal(ackedAbove, decoded.AckedAbove);
        Assert.Equal(failed, decoded.FailedAttempts);
    }

    [Fact]
    public void Decode_Version2WithAWrongLength_HasNoVersion()
    {
        var encoded = AckStateCodec.Encode(1, [2], [(3, 4)]);

        Assert.Null(AckStateCodec.Decode(encoded.AsSpan(0, encoded.Length - 8)).Version);
        Assert.Null(AckStateCodec.Decode([.. encoded, .. new byte[8]]).Version);
    }

    [Fact]
    public void Decode_NewerVersion_ComesBackWithItsNumberOnly()
    {
        var encoded = AckStateCodec.Encode(1, [2], [(3, 4)]);
        encoded[3] = AckStateCodec.NewestVersion + 1;

        var decoded = AckStateCodec.Decode(encoded);

        Assert.Equal(AckStateCodec.NewestVersion + 1, decoded.Version);
        Assert.Empty(decoded.AckedAbove);
    }

    [Fact]
    public void Decode_UnversionedWhoseFloorStartsWithTheMagic_ReadsAsUnversioned()
    {
        var value = new byte[12];
        "ACK"u8.CopyTo(value);
        value[3] = 1;
        var floor = BinaryPrimitives.ReadInt64LittleEndian(value);

        var decoded = AckStateCodec.Decode(value);

        Assert.Equal(1, decoded.Version);
        Assert.Equal(floor, decoded.Floor);
        Assert.Empty(decoded.AckedAbove);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { (byte)'X', (byte)'Y', (byte)'Z', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'A', (byte)'C', (byte)'K', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'A', (byte)'C', (byte)'K', 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0 })]
    public void Decode_NotARecord_HasNoVersion(byte[] value)
    {
        Assert.Null(AckStateCodec.Decode(value).Version);
    }
}
