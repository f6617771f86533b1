using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tidings.Configuration;

namespace Tidings.Hosting;

/// <summary>Loads the certificate of <c>--tls-cert</c> and <c>--tls-key</c>, turning every way it can fail into a line for the operator.</summary>
internal static class ServerCertificate
{
    /// <summary>The certificate with its private key, or null when TLS is not configured.</summary>
    /// <exception cref="TidingsConfigurationException">A file cannot be read, holds no PEM certificate or key, or the key is not the certificate's.</exception>
    public static X509Certificate2? Load(TidingsOptions options)
    {
        if (options.TlsCert.Length == 0 || options.TlsKey.Length == 0)
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.TlsCert, options.TlsKey);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TidingsConfigurationException($"Cannot read the TLS certificate or key (--tls-cert '{options.TlsCert}', --tls-key '{options.TlsKey}'): {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // .NET says "The key contents do not contain a PEM..." or "The public key does not match the private key."
            throw new TidingsConfigurationException($"The TLS certificate '{options.TlsCert}' and key '{options.TlsKey}' are not a usable PEM certificate and its private key: {ex.Message}", ex);
        }

        // On Linux SslStream needs no more; elsewhere an ephemeral key from PEM can be refused by the TLS stack,
        // and exporting to PKCS#12 and back is the documented way round it.
        if (!OperatingSystem.IsLinux())
        {
            using var ephemeral = certificate;
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
        }

        return certificate;
    }
}
