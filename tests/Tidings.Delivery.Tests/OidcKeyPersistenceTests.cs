using Microsoft.Extensions.Time.Testing;
using Tidings.Delivery.Tests.Support;

namespace Tidings.Delivery.Tests;

public sealed class OidcKeyPersistenceTests : IDisposable
{
    private const string Issuer = "http://127.0.0.1:8085";
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(TokenValidation.NowToTheSecond());

    public void Dispose() => _directory.Dispose();

    private string KeyDirectory => Path.Combine(_directory.Path, "keys");

    private OidcTokenIssuer NewIssuer() =>
        new(new OidcIssuerOptions { Issuer = Issuer, KeyDirectory = KeyDirectory }, _time);

    [Fact]
    public async Task KeyDirectory_SecondInstance_ReusesKey_AndValidatesFirstInstancesTokens()
    {
        string token;
        string keyId;
        using (var first = NewIssuer())
        {
            token = first.CreateToken("sa@p.iam.gserviceaccount.com", "aud");
            keyId = first.KeyId;
        }

        using var second = NewIssuer();
        var result = await TokenValidation.ValidateAsync(token, second.JwksJson(), Issuer, "aud");

        Assert.Equal(keyId, second.KeyId);
        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal(second.JwksJson(), NewIssuerJwks());
    }

    [Fact]
    public void KeyDirectory_KeyFile_IsPkcs8PemOwnerOnly_WithNoTemporaryFilesLeft()
    {
        using var issuer = NewIssuer();

        var file = Assert.Single(Directory.GetFiles(KeyDirectory));
        Assert.Equal("oidc-signing-key.pem", Path.GetFileName(file));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(file), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void KeyDirectory_CorruptKeyFile_ThrowsInvalidData()
    {
        Directory.CreateDirectory(KeyDirectory);
        File.WriteAllText(Path.Combine(KeyDirectory, "oidc-signing-key.pem"), "not a key");

        var error = Assert.Throws<InvalidDataException>(NewIssuer);
        Assert.Contains("oidc-signing-key.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyDirectory_DifferentDirectories_DifferentKeys()
    {
        using var here = NewIssuer();
        using var elsewhere = new OidcTokenIssuer(
            new OidcIssuerOptions { Issuer = Issuer, KeyDirectory = Path.Combine(_directory.Path, "other") }, _time);

        Assert.NotEqual(here.KeyId, elsewhere.KeyId);
    }

    private string NewIssuerJwks()
    {
        using var issuer = NewIssuer();
        return issuer.JwksJson();
    }
}
