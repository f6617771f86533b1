using System.Text;

namespace Tidings.Delivery;

/// <summary>The discovery document and JWKS, built once: the key and issuer never change for an instance.</summary>
public sealed partial class OidcTokenIssuer
{
    private readonly string _openIdConfiguration;
    private readonly string _jwks;

    /// <summary>The OpenID Connect discovery document (<c>/.well-known/openid-configuration</c>) as JSON.</summary>
    public string OpenIdConfigurationJson() => _openIdConfiguration;

    /// <summary>The JSON Web Key Set with the public signing key, served at the discovery document's <c>jwks_uri</c>.</summary>
    public string JwksJson() => _jwks;

    ValueTask<string> IOidcTokenIssuer.OpenIdConfigurationJsonAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_openIdConfiguration);

    ValueTask<string> IOidcTokenIssuer.JwksJsonAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_jwks);

    private string BuildOpenIdConfiguration() => Encoding.UTF8.GetString(JwtWriter.Json(writer =>
    {
        writer.WriteString("issuer", Issuer);
        writer.WriteString("jwks_uri", JwksUri);
        WriteArray(writer, "response_types_supported", "id_token");
        WriteArray(writer, "subject_types_supported", "public");
        WriteArray(writer, "id_token_signing_alg_values_supported", "RS256");
        WriteArray(writer, "claims_supported", "aud", "azp", "email", "email_verified", "exp", "iat", "iss", "sub");
    }));

    private string BuildJwks() => Encoding.UTF8.GetString(JwtWriter.Json(writer =>
    {
        writer.WriteStartArray("keys");
        writer.WriteStartObject();
        writer.WriteString("kty", "RSA");
        writer.WriteString("alg", "RS256");
        writer.WriteString("use", "sig");
        writer.WriteString("kid", _key.KeyId);
        writer.WriteString("n", _key.Modulus);
        writer.WriteString("e", _key.Exponent);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }));

    private static void WriteArray(System.Text.Json.Utf8JsonWriter writer, string name, params string[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }
}
