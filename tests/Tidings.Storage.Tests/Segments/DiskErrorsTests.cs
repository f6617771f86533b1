using Tidings.Storage.Segments;

namespace Tidings.Storage.Tests.Segments;

public sealed class DiskErrorsTests
{
    [Fact]
    public void IsDiskFull_RealWriteToDevFull_IsTrue()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // not Linux: nothing to check the mapping against
        }
        using var handle = File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write);

        var error = Assert.ThrowsAny<IOException>(() => SystemSegmentFileOps.Instance.Write(handle, new byte[64], 0));

        Assert.True(DiskErrors.IsDiskFull(error), $"HResult {error.HResult}");
    }

    [Fact]
    public void IsDiskFull_OtherIoError_IsFalse()
    {
        Assert.False(DiskErrors.IsDiskFull(new IOException("Input/output error", 5)));
    }
}
