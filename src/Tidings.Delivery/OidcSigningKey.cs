using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tidings.Delivery;

/// <summary>
/// The RS256 signing key of <see cref="OidcTokenIssuer"/> with its public JWK parameters. The key id is the
/// RFC 7638 JWK thumbprint (SHA-256, base64url), so it is stable for a key and changes with it.
/// </summary>
internal sealed class OidcSigningKey : IDisposable
{
    /// <summary>Key size in bits: 2048, as Google's own signing keys.</summary>
    public const int KeySizeInBits = 2048;

    // RSA members are not documented as thread-safe; signing is rare (tokens are cached), so a lock is cheap.
    private readonly Lock _lock = new();
    private readonly RSA _rsa;

    private OidcSigningKey(RSA rsa)
    {
        _rsa = rsa;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64Url.EncodeToString(parameters.Modulus);
        Exponent = Base64Url.EncodeToString(parameters.Exponent);
        // RFC 7638: the required members in lexicographic order, no whitespace.
        var thumbprintInput = $$"""{"e":"{{Exponent}}","kty":"RSA","n":"{{Modulus}}"}""";
        KeyId = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(thumbprintInput)));
    }

    /// <summary>The <c>kid</c> of the JWT header and the JWKS entry.</summary>
    public string KeyId { get; }

    /// <summary>The JWK <c>n</c>: the modulus, base64url.</summary>
    public string Modulus { get; }

    /// <summary>The JWK <c>e</c>: the public exponent, base64url.</summary>
    public string Exponent { get; }

    /// <summary>A new key held only in memory.</summary>
    public static OidcSigningKey CreateEphemeral() => new(RSA.Create(KeySizeInBits));

    /// <summary>The key stored in <paramref name="directory"/>, created and stored there first if missing.</summary>
    public static OidcSigningKey LoadOrCreate(string directory) => new(OidcKeyFile.LoadOrCreate(directory));

    /// <summary>The key kept in <paramref name="store"/>, made and stored there first if it holds none.</summary>
    public static OidcSigningKey LoadOrCreate(IOidcKeyStore store)
    {
        var pem = store.LoadOrCreatePem(() =>
        {
            using var rsa = RSA.Create(KeySizeInBits);
            return rsa.ExportPkcs8PrivateKeyPem();
        });
        return new(ImportPem(pem, "The OIDC signing key in the key store"));
    }

    /// <summary>An RSA key from PEM; <paramref name="what"/> names its origin in the error when it is not one.</summary>
    internal static RSA ImportPem(string pem, string what)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InvalidDataException($"{what} is not a PKCS#8 RSA private key in PEM.", e);
        }
    }

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 over <paramref name="data"/>: the RS256 signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            return _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    public void Dispose() => _rsa.Dispose();
}
