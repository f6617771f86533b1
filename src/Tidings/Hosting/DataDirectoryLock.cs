namespace Tidings.Hosting;

/// <summary>
/// An exclusive lock on <c>&lt;data-dir&gt;/LOCK</c> held for the life of the server, so two servers never
/// write one data directory. The operating system releases it when the process dies, even by kill -9.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "LOCK");
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new IOException($"The data directory {dataDirectory} is in use by another Tidings server (cannot lock {path}).", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
