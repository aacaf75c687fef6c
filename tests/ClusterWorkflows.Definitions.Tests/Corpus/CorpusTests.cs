using System.Globalization;
using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Definitions.Tests.TestActivities;

namespace ClusterWorkflows.Definitions.Tests.Corpus;

/// <summary>
/// Malformed runbooks, each stating the diagnostics it must produce: YAML files in leading
/// <c># expect: line:col code message</c> comments, JSON files in a sibling <c>.expect</c> file.
/// A file must produce exactly its expected diagnostics, so new noise fails the test too.
/// </summary>
public sealed partial class CorpusTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Corpus");

    [GeneratedRegex(@"^(\d+):(\d+) (\S+) (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Expectation();

    /// <summary>What a corpus call step may call: backup@2 with a required input.</summary>
    private sealed class Resolver : IDefinitionResolver
    {
        private readonly WorkflowDefinition backup = Check.LoadValid(
            "id: backup\nversion: 2\ninputs:\n  target: { type: string, required: true }\nsteps: [ { id: a, delay: 1s } ]\n");

        public WorkflowDefinition? Resolve(string id, int version) => id == "backup" && version == 2 ? backup : null;
    }

    private sealed record Expected(int Line, int Column, string Code, string Message)
    {
        public bool Matches(Diagnostic d) =>
            d.Location.Line == Line && d.Location.Column == Column && d.Code == Code && d.Message.Contains(Message, StringComparison.Ordinal);

        public override string ToString() => $"{Line}:{Column} {Code} {Message}";
    }

    public static TheoryData<string> Files() => new(RunbookFiles());

    private static List<string> RunbookFiles() =>
        System.IO.Directory.GetFiles(Directory).Where(IsRunbook).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    private static bool IsRunbook(string path) => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_File_ReportsExactlyTheExpectedDiagnostics(string name)
    {
        var path = Path.Combine(Directory, name);
        var expected = Expectations(path);
        Assert.NotEmpty(expected);

        var result = DefinitionLoader.LoadFile(path);
        var diagnostics = result.Diagnostics.ToList();
        if (result.Definition is { } definition)
        {
            diagnostics.AddRange(new WorkflowValidator(TestCatalog.Instance).Validate(definition, new Resolver()));
        }

        var report = $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Code} {d.Message}"))}";
        foreach (var expectation in expected)
        {
            Assert.True(diagnostics.Any(expectation.Matches), $"{name}: missing {expectation}\n{report}");
        }

        Assert.True(diagnostics.Count == expected.Count, $"{name}: unexpected extra diagnostics\n{report}");
        Assert.All(diagnostics, d => Assert.Equal(path, d.Location.File));
    }

    [Fact]
    public void Corpus_HasEnoughFilesOfBothFormats()
    {
        var files = RunbookFiles();

        Assert.True(files.Count >= 35, $"only {files.Count} corpus files");
        Assert.True(files.Count(f => f.EndsWith(".json", StringComparison.Ordinal)) >= 3);
        Assert.Contains(files, f => Expectations(Path.Combine(Directory, f)).Count >= 3);
    }

    private static List<Expected> Expectations(string path)
    {
        var lines = path.EndsWith(".json", StringComparison.Ordinal)
            ? File.ReadAllLines(Path.ChangeExtension(path, ".expect"))
            : File.ReadLines(path).TakeWhile(l => l.StartsWith("# expect:", StringComparison.Ordinal)).Select(l => l["# expect:".Length..]).ToArray();
        return lines
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .Select(l => Expectation().Match(l))
            .Select(m =>
            {
                Assert.True(m.Success, $"{path}: malformed expectation");
                return new Expected(
                    int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                    m.Groups[3].Value,
                    m.Groups[4].Value);
            })
            .ToList();
    }
}
