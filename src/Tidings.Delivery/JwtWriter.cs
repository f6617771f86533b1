using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tidings.Delivery;

/// <summary>Serializes and signs a compact JWS (RFC 7515): base64url(header).base64url(claims).base64url(signature).</summary>
internal static class JwtWriter
{
    /// <summary>Readable JSON (no <c>\u002B</c> for <c>+</c> in emails); tokens are never embedded in HTML.</summary>
    internal static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(OidcSigningKey key, IdTokenClaims claims)
    {
        var header = Json(writer =>
        {
            writer.WriteString("alg", "RS256");
            writer.WriteString("kid", key.KeyId);
            writer.WriteString("typ", "JWT");
        });
        // Claims in the order Google's tokens show them.
        var payload = Json(writer =>
        {
            writer.WriteString("aud", claims.Audience);
            writer.WriteString("azp", claims.Subject);
            writer.WriteString("email", claims.Email);
            writer.WriteBoolean("email_verified", true);
            writer.WriteNumber("exp", claims.Expires);
            writer.WriteNumber("iat", claims.IssuedAt);
            writer.WriteString("iss", claims.Issuer);
            if (claims.Scope is not null)
            {
                writer.WriteString("scope", claims.Scope);
            }
            writer.WriteString("sub", claims.Subject);
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>A JSON object whose members <paramref name="writeMembers"/> writes, as UTF-8.</summary>
    internal static byte[] Json(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
