using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Tidings.Hosting;

/// <summary>
/// Kestrel's socket transport, tuned by measurement (bench/RESULTS.md, "Runtime and transport settings").
/// </summary>
/// <remarks>
/// <c>UnsafePreferInlineScheduling</c> was measured too and left off: it sent every response with a syscall of its
/// own (1.09 sends per single-message publish instead of 0.10) and saved no CPU.
/// </remarks>
internal static class SocketTransportTuning
{
    /// <summary>Kestrel's socket transport and its pipes rent from <see cref="LargeBlockMemoryPool"/>.</summary>
    public static IWebHostBuilder UseLargeSocketBuffers(this IWebHostBuilder webHost) =>
        webHost.ConfigureServices(services => services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>());
}
