using System.Buffers;
using System.Collections.Concurrent;

namespace Tidings.Hosting;

/// <summary>
/// The memory pool Kestrel's socket transport and HTTP/2 pipes rent from, with 64 KiB blocks instead of Kestrel's
/// 4 KiB. A pipe reads into the rest of its current block, so the block size is the largest <c>recv</c>: with 4 KiB
/// a 1 MB publish took ~250 system calls (bench/RESULTS.md), with 64 KiB it takes ~16, the most loopback TCP hands
/// over at once anyway. Blocks are pinned (the socket layer pins what it reads into) and reused; at most
/// <see cref="MaxRetainedBlocks"/> idle ones are kept, the rest go back to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>16 MiB of idle blocks: enough for the bursts of a few busy connections, small beside the 500 MB budget.</summary>
    public const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<Block> _idle = new();
    private int _idleCount;
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _idleCount);
            block.Lease();
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > MaxRetainedBlocks)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleCount);
            }
            return;
        }
        _idle.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _idle.Clear();
    }

    /// <summary>One pinned block; it is its own lease, so renting a pooled block allocates nothing.</summary>
    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        private int _leased = 1;

        public Memory<byte> Memory => _array;

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            // A second Dispose of one lease must not put the block in the pool twice.
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}
