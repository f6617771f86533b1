using Tidings.Kernel.Masks;

namespace Tidings.Kernel.Tests.Masks;

public sealed class FieldMaskPathTests
{
    [Theory]
    [InlineData("rateLimits.maxDispatchesPerSecond", "rate_limits.max_dispatches_per_second")]
    [InlineData("retryConfig.retryCount", "retry_config.retry_count")]
    [InlineData("rate_limits.max_burst_size", "rate_limits.max_burst_size")]
    [InlineData("schedule", "schedule")]
    [InlineData("", "")]
    public void ToProtoName_EitherSpelling_GivesTheProtoName(string path, string expected)
    {
        Assert.Equal(expected, FieldMaskPath.ToProtoName(path));
    }
}
