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

    /// <summary>
    /// docs/activities.md maps every type id to its class (they are named for the runbook author and the C# reader
    /// respectively: <c>core.command</c> is <c>RunLocalCommand</c>). CW_UPDATE_DOCS=1 rewrites the table.
    /// </summary>
    [Fact]
    public async Task ActivitiesDoc_Table_ListsEveryRegisteredActivityWithItsClass()
    {
        var catalog = ClusterWorkflows.Hosting.EngineFactory.CreateCatalog();
        var rows = catalog.Descriptors
            .OrderBy(d => d.TypeId, StringComparer.Ordinal).ThenBy(d => d.Version)
            .Select(d => $"| `{d.Reference}` | `{catalog.Find(d.TypeId, d.Version)!.ActivityType.Name}` | {d.Category} | {d.Description.Replace("|", "\\|", StringComparison.Ordinal)} |");
        var table = string.Join('\n', ["| Activity | Class | Category | What it does |", "|---|---|---|---|", .. rows]);
        var path = Path.Combine(Root(), "docs", "activities.md");
        var doc = await File.ReadAllTextAsync(path);
        var start = doc.IndexOf(TableBegin, StringComparison.Ordinal) + TableBegin.Length;
        var end = doc.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= TableBegin.Length && end > start, "docs/activities.md has no table markers");
        if (Environment.GetEnvironmentVariable("CW_UPDATE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, doc[..start] + "\n" + table + "\n" + doc[end..]);
            return;
        }

        Assert.True(doc[start..end].Trim() == table, "docs/activities.md is out of date: run this test with CW_UPDATE_DOCS=1");
    }

    private const string TableBegin = "<!-- activities:begin -->";
    private const string TableEnd = "<!-- activities:end -->";

    private static string Id(string project) => project.Replace("ClusterWorkflows.", "", StringComparison.Ordinal).Replace('.', '_');

    [GeneratedRegex("""ProjectReference Include="[^"]*/([^/"]+)\.csproj" """, RegexOptions.None)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^  \S+ --> \S+$", RegexOptions.Multiline)]
    private static partial Regex Edge();
}
