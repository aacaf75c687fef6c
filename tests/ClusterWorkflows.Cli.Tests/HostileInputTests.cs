using System.Text;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// The hostile-input corpus for the command line (generated here: some documents are megabytes):
/// each case is a real <c>cw</c> process that must end with a clear error naming the file within
/// its deadline, never a crash or a flood of lines.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    /// <summary>One case: the file written, the command run on it, and what stderr must say.</summary>
    private sealed record Case(string File, Func<string> Content, string[] Command, string Expect);

    private static string Nested(int levels) =>
        "id: deep\nversion: 1\nsteps: " + new string('[', levels) + new string(']', levels) + "\n";

    private static string ManyUnknownKeys(int count)
    {
        var text = new StringBuilder("id: noisy\nversion: 1\nsteps:\n  - id: a\n    delay: 1s\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("    unknown").Append(i).Append(": x\n");
        }

        return text.ToString();
    }

    private static string AliasBomb()
    {
        var text = new StringBuilder("id: bomb\nversion: 1\nsteps:\n  - id: a\n    uses: core.log@1\n    with:\n      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            text.Append($"      l{i}: &l{i} [").AppendJoin(", ", Enumerable.Repeat($"*l{i - 1}", 10)).Append("]\n");
        }

        return text.ToString();
    }

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["validate: 30,000 levels of nesting"] = new("deep.yaml", () => Nested(30_000), ["validate", "{file}"], "deeper than 256 levels"),
        ["validate: alias bomb"] = new("bomb.yaml", AliasBomb, ["validate", "{file}"], "expands to more than"),
        ["validate: duplicate keys"] = new("dup.yaml", () => "id: a\nid: b\nversion: 1\nsteps: []\n", ["validate", "{file}"], "duplicate key"),
        ["validate: control characters"] = new("ctl.yaml", () => "id: \"a\\u0000\\u001b[2J\"\nversion: 1\nsteps:\n  - { id: s, delay: 1s }\n", ["validate", "{file}"], "workflow id"),
        ["validate: id of 100,000 characters"] = new("long.yaml", () => $"id: {new string('a', 100_000)}\nversion: 1\nsteps:\n  - {{ id: s, delay: 1s }}\n", ["validate", "{file}"], "at most 128"),
        ["validate: 50,000 nested parentheses"] = new("parens.yaml", () => $"id: p\nversion: 1\nsteps:\n  - id: s\n    uses: core.log@1\n    with: {{ message: \"${{{{ {new string('(', 50_000)}1{new string(')', 50_000)} }}}}\" }}\n", ["validate", "{file}"], "nested more than 100"),
        ["validate: larger than 4 MiB"] = new("huge.yaml", () => "id: huge\nversion: 1\n# " + new string('x', (4 * 1024 * 1024) + 10) + "\nsteps: []\n", ["validate", "{file}"], "at most 4194304 bytes"),
        ["inventory validate: 30,000 levels of nesting"] = new("inventory.yaml", () => "vars:\n  x: " + new string('[', 30_000) + new string(']', 30_000) + "\n", ["inventory", "validate", "{file}"], "nested deeper than 64 levels"),
        ["inventory validate: larger than 4 MiB"] = new("big-inventory.yaml", () => "# " + new string('x', (4 * 1024 * 1024) + 10) + "\n", ["inventory", "validate", "{file}"], "at most 4194304 bytes"),
        ["inventory import: larger than 4 MiB"] = new("hosts.ini", () => "[web]\n" + string.Concat(Enumerable.Repeat("host-with-a-long-name ansible_host=10.0.0.1\n", 100_000)), ["inventory", "import", "{file}"], "at most 4194304 bytes"),
        ["inventory import: control characters"] = new("ctl.ini", () => "[web\u0000]\nh\u001b[2J ansible_host=10.0.0.1\n", ["inventory", "import", "{file}"], "ctl.ini"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Command_HostileFile_ClearErrorNamingTheFile(string name)
    {
        var item = Cases[name];
        var file = home.Write(item.File, item.Content());

        var result = await home.RunAsync([.. item.Command.Select(a => a.Replace("{file}", file, StringComparison.Ordinal))], null, Deadline);

        Assert.True(result.ExitCode is 1 or 2, $"{name}: exit {result.ExitCode}: {Start(result.All)}");
        Assert.Contains(item.Expect, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(item.File, result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.Length < 100_000, $"{name}: {result.Stderr.Length} characters on stderr");
    }

    [Fact]
    public async Task Validate_TenThousandErrors_PrintsTheFirstHundredAndACount()
    {
        var file = home.Write("noisy.yaml", ManyUnknownKeys(10_000));

        var result = await home.RunAsync(["validate", file], null, Deadline);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(100, lines.Count(l => l.Contains("noisy.yaml:", StringComparison.Ordinal)));
        Assert.Contains("… and 9900 more error(s), not shown", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("10000 error(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TenThousandUndeclaredInputs_FirstHundredAndACount()
    {
        var file = home.Write("one.yaml", "id: one\nversion: 1\nsteps:\n  - { id: s, delay: 1s }\n");
        var inputs = new StringBuilder("{");
        for (var i = 0; i < 10_000; i++)
        {
            inputs.Append(i == 0 ? "" : ",").Append($"\"i{i}\": 1");
        }

        var json = home.Write("inputs.json", inputs.Append('}').ToString());

        var result = await home.RunAsync(["run", file, "--inputs-file", json], null, Deadline);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("… and 9900 more error(s), not shown", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.Split('\n').Length < 110, Start(result.Stderr));
    }

    private static string Start(string text) => text.Length <= 2000 ? text : text[..2000];
}
