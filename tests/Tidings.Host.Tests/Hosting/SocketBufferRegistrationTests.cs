using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

/// <summary>Kestrel takes its transport's memory pools from the one <see cref="IMemoryPoolFactory{T}"/> it resolves.</summary>
public sealed class SocketBufferRegistrationTests(RunningHost host) : IClassFixture<RunningHost>
{
    [Fact]
    public void Host_ResolvesTheLargeBlockPoolFactory()
    {
        var factory = host.App.Services.GetRequiredService<IMemoryPoolFactory<byte>>();

        Assert.IsType<LargeBlockMemoryPoolFactory>(factory);
        using var pool = factory.Create();
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
    }

    [Fact]
    public async Task Http11Request_LargerThanABlock_ArrivesWhole()
    {
        // A body spanning several 64 KiB blocks goes through the transport's pipes; the REST layer answers from the
        // whole of it (a publish body that is not JSON is refused as such, not cut short or hung).
        using var client = host.CreateClient(new Version(1, 1));
        var body = new string('x', (3 * LargeBlockMemoryPool.BlockSize) + 123);

        using var response = await client.PostAsync("v1/projects/p/topics/t:publish", new StringContent(body));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
