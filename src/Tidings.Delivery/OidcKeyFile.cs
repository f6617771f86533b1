using System.Security.Cryptography;
using System.Text;

namespace Tidings.Delivery;

/// <summary>
/// The signing key on disk: <c>oidc-signing-key.pem</c>, an unencrypted PKCS#8 PEM
/// (<c>-----BEGIN PRIVATE KEY-----</c>) readable only by its owner (mode 0600 on Unix). Written once,
/// atomically: a temporary file in the same directory, fsynced, then renamed without overwriting, so a
/// crash leaves either no key or a whole one, and two processes racing agree on the first one written.
/// </summary>
internal static class OidcKeyFile
{
    public const string FileName = "oidc-signing-key.pem";

    public static RSA LoadOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            return Load(path);
        }
        CreateDirectory(directory);
        var rsa = RSA.Create(OidcSigningKey.KeySizeInBits);
        if (TryWriteNew(path, rsa.ExportPkcs8PrivateKeyPem()))
        {
            return rsa;
        }
        rsa.Dispose();
        return Load(path); // another process stored its key first: use that one
    }

    private static RSA Load(string path)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path, Encoding.ASCII));
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InvalidDataException(
                $"The OIDC signing key {path} is not a PKCS#8 RSA private key in PEM. Delete it to create a new key " +
                "(tokens signed with the old key will no longer validate).", e);
        }
    }

    private static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <returns>False when <paramref name="path"/> appeared meanwhile (it is left as it is).</returns>
    private static bool TryWriteNew(string path, string pem)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(pem));
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed
        }
    }
}
