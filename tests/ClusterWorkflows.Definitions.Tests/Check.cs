using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Definitions.Tests.TestActivities;

namespace ClusterWorkflows.Definitions.Tests;

/// <summary>Loads and validates runbook text the way the CLI does: loader diagnostics, then the validator's.</summary>
public static class Check
{
    public const string File = "test.yaml";

    public static LoadResult Load(string yaml) => DefinitionLoader.Parse(yaml, File);

    public static WorkflowDefinition LoadValid(string yaml)
    {
        var result = Load(yaml);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Definition!;
    }

    public static IReadOnlyList<Diagnostic> All(string yaml, IDefinitionResolver? resolver = null)
    {
        var result = Load(yaml);
        var diagnostics = result.Diagnostics.ToList();
        if (result.Definition is { } definition)
        {
            diagnostics.AddRange(new WorkflowValidator(TestCatalog.Instance).Validate(definition, resolver));
        }

        return diagnostics;
    }

    public static void Clean(string yaml, IDefinitionResolver? resolver = null)
    {
        var diagnostics = All(yaml, resolver);
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    /// <summary>Asserts exactly one diagnostic with <paramref name="code"/>, optionally at line:column, and returns it.</summary>
    public static Diagnostic Single(string yaml, string code, int line = 0, int column = 0, IDefinitionResolver? resolver = null)
    {
        var diagnostics = All(yaml, resolver);
        var matching = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics.Select(d => $"{d.Code} {d}"))}");
        if (line > 0)
        {
            Assert.Equal(line, matching[0].Location.Line);
        }

        if (column > 0)
        {
            Assert.Equal(column, matching[0].Location.Column);
        }

        return matching[0];
    }

    public static void None(string yaml, string code)
    {
        var diagnostics = All(yaml);
        Assert.DoesNotContain(diagnostics, d => d.Code == code);
    }
}
