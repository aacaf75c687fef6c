using System.Text.RegularExpressions;

namespace ClusterWorkflows.Cli.Tests.Docs;

/// <summary>Docs that state facts of the tree are checked against the tree, so they stay true.</summary>
public sealed partial class DocsTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterWorkflows.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }

    [Fact]
    public void Architecture_DependencyGraph_IsTheOneTheProjectFilesDeclare()
    {
        var root = Root();
        var declared = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "activities"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains("node_modules", StringComparison.Ordinal))
            .SelectMany(p => Reference().Matches(File.ReadAllText(p)).Select(m => $"{Id(Path.GetFileNameWithoutExtension(p))} --> {Id(m.Groups[1].Value)}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var doc = File.ReadAllText(Path.Combine(root, "docs", "ARCHITECTURE.md"));
        var start = doc.IndexOf("<!-- dependencies:begin -->", StringComparison.Ordinal);
        var end = doc.IndexOf("<!-- dependencies:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/ARCHITECTURE.md has no dependencies section");
        var drawn = Edge().Matches(doc[start..end]).Select(m => m.Value.Trim()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(declared, drawn);
    }

    [Fact]
    public async Task RunbookSchema_Committed_IsWhatCwSchemaPrints()
    {
        using var home = new CwHome();
        var printed = await home.RunAsync("schema");
        Assert.Equal(0, printed.ExitCode);

        var committed = await File.ReadAllTextAsync(Path.Combine(Root(), "docs", "runbook.schema.json"));

        Assert.True(
            committed.TrimEnd() == printed.Stdout.TrimEnd(),
            "docs/runbook.schema.json is not what `cw schema` prints: regenerate it with `scripts/cw schema > docs/runbook.schema.json`");
    }

    private static string Id(string project) => project.Replace("ClusterWorkflows.", "", StringComparison.Ordinal).Replace('.', '_');

    [GeneratedRegex("""ProjectReference Include="[^"]*/([^/"]+)\.csproj" """, RegexOptions.None)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^  \S+ --> \S+$", RegexOptions.Multiline)]
    private static partial Regex Edge();
}
