using Tidings.PubSub.Push;

namespace Tidings.PubSub.Tests.Push;

public sealed class PushTimeFormatTests
{
    private static long Micros(string utc) =>
        (DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).Ticks / 10;

    [Theory]
    [InlineData("2021-02-26T19:13:55Z", "2021-02-26T19:13:55Z")]
    [InlineData("2021-02-26T19:13:55.749Z", "2021-02-26T19:13:55.749Z")]
    [InlineData("2021-02-26T19:13:55.850Z", "2021-02-26T19:13:55.850Z")]
    [InlineData("2021-02-26T19:13:55.000123Z", "2021-02-26T19:13:55.000123Z")]
    public void FormatTime_WritesProtobufJsonTimestamps(string time, string expected)
    {
        Assert.Equal(expected, PushRequestBuilder.FormatTime(Micros(time)));
    }
}
