using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tidings.Host.Tests.Hosting;

/// <summary>A self-signed certificate for 127.0.0.1 and localhost, made in the test, written as PEM files.</summary>
internal sealed class SelfSignedCertificate : IDisposable
{
    private SelfSignedCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static SelfSignedCertificate Create(TempDirectory directory, string name = "server")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var certificatePath = directory.Write($"{name}.crt.pem", certificate.ExportCertificatePem());
        var keyPath = directory.Write($"{name}.key.pem", key.ExportPkcs8PrivateKeyPem());
        return new SelfSignedCertificate(certificate, certificatePath, keyPath);
    }

    /// <summary>A handler that trusts this certificate as its only root and still checks the host name.</summary>
    public SocketsHttpHandler CreateTrustingHandler() => new()
    {
        UseProxy = false,
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            {
                if (presented is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Certificate);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(presented));
            },
        },
    };

    public void Dispose() => Certificate.Dispose();
}
