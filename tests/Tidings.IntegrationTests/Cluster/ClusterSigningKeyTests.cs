using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tidings.Delivery;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// One OIDC signing key for the whole cluster, kept in PostgreSQL: every node serves the same JWKS (a follower from
/// its own copy, not forwarded), and a token signed by a node still verifies once that node is gone.
/// </summary>
public sealed class ClusterSigningKeyTests
{
    // The deployment docs/cluster.md advises: one issuer for every node (the load balancer's URL).
    private const string Issuer = "http://tidings.cluster.test";
    private const string Audience = "https://receiver.example/push";

    [Fact]
    public async Task TwoNodes_ServeOneJwks_AndANodesTokenVerifiesAfterItStops()
    {
        await using var cluster = await TestCluster.StartAsync(2, configureOptions: options => options.OidcIssuer = Issuer);
        var leader = (await cluster.WaitForOwnersAsync())[Tidings.Cluster.ClusterUnit.PubSub];
        var follower = cluster.Nodes.Single(n => n != leader);

        var jwks = await Task.WhenAll(cluster.Nodes.Select(n => n.Http.GetStringAsync("/oauth2/v3/certs")));
        Assert.Equal(jwks[0], jwks[1]);
        Assert.Single(new JsonWebKeySet(jwks[0]).Keys);
        var token = await leader.Services.GetRequiredService<IOidcTokenIssuer>()
            .CreateTokenAsync("pusher@p.iam.gserviceaccount.com", Audience, CancellationToken.None);

        await leader.StopAsync();
        Assert.Same(follower, await cluster.WaitForOneOwnerAsync([follower]));

        var after = await follower.Http.GetStringAsync("/oauth2/v3/certs");
        Assert.Equal(jwks[0], after);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeys = new JsonWebKeySet(after).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
        });
        Assert.True(result.IsValid, $"the token signed before the failover did not verify after it: {result.Exception}");
        // And the node that took over signs with the same key id.
        var next = await follower.Services.GetRequiredService<IOidcTokenIssuer>()
            .CreateTokenAsync("pusher@p.iam.gserviceaccount.com", Audience, CancellationToken.None);
        Assert.Equal(new JsonWebToken(token).Kid, new JsonWebToken(next).Kid);
    }

    [Fact]
    public async Task WithoutAConfiguredIssuer_EveryNodeNamesOneIssuer_AndPointsAtItsOwnJwks()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await cluster.WaitForOwnersAsync();

        var documents = await Task.WhenAll(cluster.Nodes.Select(n => n.Http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration")));

        Assert.Equal(documents[0].GetProperty("issuer").GetString(), documents[1].GetProperty("issuer").GetString());
        Assert.Contains(documents[0].GetProperty("issuer").GetString(), cluster.Nodes.Select(n => n.Address.ToString().TrimEnd('/')));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal($"{cluster.Nodes[i].Address.ToString().TrimEnd('/')}/oauth2/v3/certs", documents[i].GetProperty("jwks_uri").GetString());
        }
        // Tokens name it too, whichever node signs.
        foreach (var node in cluster.Nodes)
        {
            var token = await node.Services.GetRequiredService<IOidcTokenIssuer>().CreateTokenAsync("sa@p.iam.gserviceaccount.com", Audience, CancellationToken.None);
            Assert.Equal(documents[0].GetProperty("issuer").GetString(), new JsonWebToken(token).Issuer);
        }
    }
}
