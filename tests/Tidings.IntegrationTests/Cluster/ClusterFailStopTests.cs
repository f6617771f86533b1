using Npgsql;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// A node whose lock session is terminated stops at once with exit code 3 (fail-stop), and the other takes its units.
/// </summary>
public sealed class ClusterFailStopTests
{
    [Fact]
    public async Task LockSessionTerminated_OwnerFailStops_AndTheOtherNodeTakesItsUnits()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var leader = (await cluster.WaitForOwnersAsync())[Tidings.Cluster.ClusterUnit.PubSub];
        var follower = cluster.Nodes.Single(n => n != leader);

        await using (var admin = new NpgsqlConnection(cluster.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin);
            terminate.Parameters.Add(new NpgsqlParameter { Value = leader.LockBackendPid });
            Assert.True((bool)(await terminate.ExecuteScalarAsync())!);
        }

        var exitCode = await leader.FailStop.Stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ExitCodes.LostLeadership, exitCode);
        await leader.StopAsync(); // what the process exit does in production
        var next = await cluster.WaitForOneOwnerAsync([follower]);
        Assert.Same(follower, next);
    }
}
