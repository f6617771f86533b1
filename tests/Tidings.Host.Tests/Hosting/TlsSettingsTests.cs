using Tidings.Configuration;

namespace Tidings.Host.Tests.Hosting;

/// <summary>TLS files that cannot serve stop start-up with exit code 2 and a line saying what is wrong.</summary>
public sealed class TlsSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CertWithoutKey_ExitsTwo()
    {
        using var certificate = SelfSignedCertificate.Create(_dir);

        var (exitCode, error) = await RunAsync("--tls-cert", certificate.CertificatePath);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains("TlsCert and TlsKey go together", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_ExitsTwoNamingIt()
    {
        using var certificate = SelfSignedCertificate.Create(_dir);
        var absent = Path.Combine(_dir.Path, "absent.pem");

        var (exitCode, error) = await RunAsync("--tls-cert", certificate.CertificatePath, "--tls-key", absent);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains($"TLS file '{absent}' (--tls-key) does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyOfAnotherCertificate_ExitsTwoSayingTheyDoNotMatch()
    {
        using var certificate = SelfSignedCertificate.Create(_dir, "one");
        using var other = SelfSignedCertificate.Create(_dir, "two");

        var (exitCode, error) = await RunAsync("--tls-cert", certificate.CertificatePath, "--tls-key", other.KeyPath);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains($"The TLS certificate '{certificate.CertificatePath}' and key '{other.KeyPath}' are not a usable PEM certificate and its private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotPem_ExitsTwo()
    {
        var garbage = _dir.Write("garbage.pem", "not a certificate");

        var (exitCode, error) = await RunAsync("--tls-cert", garbage, "--tls-key", garbage);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains("are not a usable PEM certificate and its private key", error, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        var environment = new CommandEnvironment(new Dictionary<string, string?> { ["HOME"] = _dir.Path }, _dir.Path, new StringWriter(), error);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await TidingsCommand.RunAsync(["--in-memory", "--port", "0", .. args], environment, stop.Token);
        return (exitCode, error.ToString());
    }
}
