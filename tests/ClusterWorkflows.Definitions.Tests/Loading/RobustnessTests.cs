using System.Diagnostics;
using System.Text;
using ClusterWorkflows.Definitions.Tests.TestActivities;

namespace ClusterWorkflows.Definitions.Tests.Loading;

public sealed class RobustnessTests
{
    [Fact]
    public void LoadAndValidate_EveryPrefixOfEveryCorpusFile_NeverThrows()
    {
        var validator = new WorkflowValidator(TestCatalog.Instance);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.*")
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .ToList();
        var checkedTexts = 0;

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            for (var length = 0; length <= text.Length; length += 3)
            {
                var result = DefinitionLoader.Parse(text[..length], "prefix.yaml");
                if (result.Definition is { } definition)
                {
                    validator.Validate(definition);
                    validator.ValidateAll([definition, definition]);
                }

                checkedTexts++;
            }
        }

        Assert.True(checkedTexts > 1000, $"only {checkedTexts} texts checked");
    }

    [Fact]
    public void Parse_AliasBomb_IsRefusedQuickly()
    {
        var yaml = new StringBuilder("id: w\nversion: 1\nsteps:\n  - id: a\n    uses: core.log\n    with:\n      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append($"      l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
        }

        var clock = Stopwatch.StartNew();
        var result = DefinitionLoader.Parse(yaml.ToString(), "bomb.yaml");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains("expands to more than", diagnostic.Message);
    }

    [Fact]
    public void Parse_StepsNestedTooDeep_AreReported()
    {
        var yaml = new StringBuilder("id: w\nversion: 1\nsteps:\n");
        for (var i = 0; i < 80; i++)
        {
            yaml.Append(new string(' ', 2 + (i * 4))).Append($"- id: s{i}\n").Append(new string(' ', 4 + (i * 4))).Append("steps:\n");
        }

        yaml.Append(new string(' ', 2 + (80 * 4))).Append("- { id: leaf, delay: 1s }\n");

        var result = DefinitionLoader.Parse(yaml.ToString(), "deep.yaml");

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("nested more than 64 levels", StringComparison.Ordinal));
        new WorkflowValidator(TestCatalog.Instance).Validate(result.Definition!);
    }
}
