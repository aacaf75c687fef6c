namespace ClusterWorkflows.Testing;

/// <summary>A fresh directory under the system temp folder, deleted with its content on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "cw-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process killed by a test may still be releasing a file; the OS cleans temp later.
        }
    }
}
