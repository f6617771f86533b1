using System.Buffers;
using System.Runtime.InteropServices;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

public sealed class LargeBlockMemoryPoolTests : IDisposable
{
    private readonly LargeBlockMemoryPool _pool = new();

    public void Dispose() => _pool.Dispose();

    [Fact]
    public void Rent_AnySize_GivesOneWholeBlock()
    {
        using var small = _pool.Rent(1);
        using var unspecified = _pool.Rent();

        Assert.Equal(LargeBlockMemoryPool.BlockSize, small.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, unspecified.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, _pool.MaxBufferSize);
    }

    [Fact]
    public void Rent_MoreThanABlock_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheBlock()
    {
        var first = _pool.Rent();
        var array = ArrayOf(first);
        first.Dispose();

        using var second = _pool.Rent();

        Assert.Same(array, ArrayOf(second));
    }

    [Fact]
    public void Dispose_Twice_BlockGoesToOneRenterOnly()
    {
        var lease = _pool.Rent();
        lease.Dispose();
        lease.Dispose();

        using var a = _pool.Rent();
        using var b = _pool.Rent();

        Assert.NotSame(ArrayOf(a), ArrayOf(b));
    }

    [Fact]
    public void Return_BeyondTheRetainedLimit_LetsTheRestGo()
    {
        var extra = 10;
        var leases = Enumerable.Range(0, LargeBlockMemoryPool.MaxRetainedBlocks + extra).Select(_ => _pool.Rent()).ToList();
        var arrays = leases.Select(ArrayOf).ToHashSet(ReferenceEqualityComparer.Instance);
        leases.ForEach(l => l.Dispose());

        var again = Enumerable.Range(0, LargeBlockMemoryPool.MaxRetainedBlocks + extra).Select(_ => _pool.Rent()).ToList();

        Assert.Equal(LargeBlockMemoryPool.MaxRetainedBlocks, again.Count(l => arrays.Contains(ArrayOf(l))));
        again.ForEach(l => l.Dispose());
    }

    [Fact]
    public void Rent_AfterThePoolIsDisposed_Refused()
    {
        _pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _pool.Rent());
    }

    private static byte[] ArrayOf(IMemoryOwner<byte> lease) =>
        MemoryMarshal.TryGetArray<byte>(lease.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("Not array-backed.");
}
