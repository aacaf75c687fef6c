using System.Text.RegularExpressions;

namespace ClusterWorkflows.Definitions.Tests;

/// <summary>The examples in docs/runbook-format.md must load and validate cleanly.</summary>
public sealed partial class DocumentationTests
{
    private const string StepHead = """
        id: doc-example
        version: 1
        inputs:
          image: { type: string }
          replicas: { type: integer }
          site: { type: string }
          cluster: { type: string }
          check: { type: boolean }
          wait_seconds: { type: integer }
          window: { type: string }
        steps:

        """;

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex YamlBlock();

    private static List<string> Blocks()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "runbook-format.md")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var text = File.ReadAllText(Path.Combine(directory.FullName, "docs", "runbook-format.md"));
        return YamlBlock().Matches(text).Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public void Docs_FullRunbookExample_IsClean()
    {
        var full = Blocks().Where(b => b.Contains("\nid: ", StringComparison.Ordinal) || b.StartsWith("id: ", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(full);
        Assert.All(full, block => Check.Clean(block));
    }

    [Fact]
    public void Docs_StepExamples_AreClean()
    {
        var steps = Blocks().Where(b => b.StartsWith("- ", StringComparison.Ordinal)).ToList();

        Assert.True(steps.Count >= 10, $"only {steps.Count} step examples found");
        Assert.All(steps, block => Check.Clean(StepHead + string.Concat(block.Split('\n').Select(l => l.Length == 0 ? "\n" : $"  {l}\n"))));
    }
}
