using System.Text;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>The ack id format: opaque to clients, round-trips, and stays within Google's 164 bytes (§0 item 4).</summary>
public sealed class AckIdTests
{
    [Theory]
    [InlineData(1L, 1L, 1L)]
    [InlineData(42L, 123_456_789L, 7L)]
    [InlineData(long.MaxValue, long.MaxValue, long.MaxValue)]
    public void FormatThenTryParse_AnyPositiveParts_RoundTrips(long subscription, long sequence, long generation)
    {
        var ackId = new AckId(subscription, sequence, generation);

        Assert.True(AckId.TryParse(ackId.Format(), out var parsed));
        Assert.Equal(ackId, parsed);
    }

    [Fact]
    public void Format_LargestParts_AtMost164Bytes()
    {
        var text = new AckId(long.MaxValue, long.MaxValue, long.MaxValue).Format();

        Assert.True(Encoding.UTF8.GetByteCount(text) <= 164, text);
    }

    [Fact]
    public void Format_Parts_AreLowercaseHexJoinedByDashes()
    {
        Assert.Equal("2a-ff-1", new AckId(42, 255, 1).Format());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1-2")]
    [InlineData("1-2-3-4")]
    [InlineData("1--3")]
    [InlineData("-1-2-3")]
    [InlineData("0-1-1")] // every part is positive
    [InlineData("1-0-1")]
    [InlineData("1-1-0")]
    [InlineData("g-1-1")]
    [InlineData("1-1-1 ")]
    [InlineData(" 1-1-1")]
    [InlineData("0x1-1-1")]
    [InlineData("ffffffffffffffff-1-1")] // parses as -1
    [InlineData("1ffffffffffffffff-1-1")] // overflows
    [InlineData("1-1-1\n")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(AckId.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_Over64Characters_ReturnsFalse()
    {
        var text = "1-1-" + new string('0', 60) + "1";

        Assert.False(AckId.TryParse(text, out _));
    }

    [Fact]
    public async Task Pull_EveryAckId_AtMost164BytesAndParses()
    {
        using var harness = new BrokerHarness();
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        await harness.PublishAsync("orders", "a", "b", "c");

        var pulled = await harness.PullNowAsync("sub");

        Assert.Equal(3, pulled.Count);
        Assert.All(pulled, message =>
        {
            Assert.True(Encoding.UTF8.GetByteCount(message.AckId.Format()) <= 164);
            Assert.True(AckId.TryParse(message.AckId.Format(), out _));
        });
        Assert.Equal(3, pulled.Select(message => message.AckId).Distinct().Count());
    }
}
