using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Tidings.Hosting;

/// <summary>Hands Kestrel a <see cref="LargeBlockMemoryPool"/> wherever it asks for a pool (one per socket I/O queue).</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
