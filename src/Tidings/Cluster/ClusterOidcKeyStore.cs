using Tidings.Delivery;
using Tidings.Storage.Postgres.Keys;

namespace Tidings.Cluster;

/// <summary>
/// The cluster's one OIDC signing key, kept in PostgreSQL (<see cref="PostgresKeyStore"/>) under <see cref="KeyName"/>:
/// every node signs with it and serves the same JWKS, so a token signed before a failover verifies after it.
/// </summary>
internal sealed class ClusterOidcKeyStore(PostgresKeyStore keys) : IOidcKeyStore
{
    public const string KeyName = "oidc-signing-key";

    /// <summary>
    /// The cluster's default issuer (without <c>--oidc-issuer</c>): the address of the node that first needed one, kept
    /// under this name beside the key, so every node's tokens and discovery document name one issuer.
    /// </summary>
    public const string IssuerName = "oidc-issuer";

    public string LoadOrCreatePem(Func<string> createPem) => keys.LoadOrCreate(KeyName, createPem);
}
