-- Keys every node of a cluster shares (src/Tidings.Storage.Postgres/Keys): the OIDC signing key, so the JWKS is the
-- same on every node and a token signed before a failover still verifies after it, and the default OIDC issuer. Written once per name by the
-- first node that needs it (INSERT … ON CONFLICT DO NOTHING, so nodes starting together agree on one) and never
-- changed. The private key is stored as it is (PKCS#8 PEM, unencrypted): whoever can read this table can sign
-- tokens in Tidings' name (docs/cluster.md, "The signing key").
CREATE TABLE tidings_cluster_keys (
    name       text        PRIMARY KEY COLLATE "C",
    pem        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
