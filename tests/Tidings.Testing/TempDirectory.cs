namespace Tidings.Testing;

/// <summary>A fresh directory under the system temp directory, deleted with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("tidings-tests-").FullName;

    public string Path { get; }

    /// <summary>Writes <paramref name="contents"/> to a file in the directory and returns its path.</summary>
    public string Write(string fileName, string contents)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open by a test's server must not fail the test.
        }
    }
}
