namespace ClusterWorkflows.Designer.Tests.Fixtures;

/// <summary>Folders of the repository the tests read from and write to, found from the test's own folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built designer that cw-server serves (scripts/designer.sh build).</summary>
    public static string Dist => Path.Combine(Root, "src", "ClusterWorkflows.Designer", "dist");

    public static string TestResults => Path.Combine(Root, "TestResults");

    public static string Screenshots => Path.Combine(TestResults, "screenshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ClusterWorkflows.sln above {AppContext.BaseDirectory}");
    }
}
