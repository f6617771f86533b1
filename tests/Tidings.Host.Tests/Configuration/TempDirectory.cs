namespace Tidings.Host.Tests.Configuration;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("tidings-host-tests-").FullName;
    }

    public string Path { get; }

    public string Write(string fileName, string contents)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
