using System.Text;
using ClusterWorkflows.Definitions.Limits;
using ClusterWorkflows.Definitions.Tests.TestActivities;

namespace ClusterWorkflows.Definitions.Tests.Loading;

/// <summary>Documents built to crash or exhaust the loader: each is refused with a diagnostic that says why.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Parse_NestedThirtyThousandLevels_RefusedWithLimitDiagnostic(string open, string close)
    {
        var text = "id: w\nversion: 1\nsteps: " + string.Concat(Enumerable.Repeat(open, 30_000)) + "x" + string.Concat(Enumerable.Repeat(close, 30_000));
        if (open == "- ")
        {
            // Block sequences nest by indentation: "- - - x".
            text = "id: w\nversion: 1\nsteps:\n  " + string.Concat(Enumerable.Repeat("- ", 30_000)) + "x\n";
        }

        var result = DefinitionLoader.Parse(text, "deep.yaml");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.YamlLimit, diagnostic.Code);
        Assert.Contains($"deeper than {InputLimits.MaxNestingDepth} levels", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(diagnostic.Location.Line >= 3, diagnostic.ToString());
    }

    [Fact]
    public void Parse_NestedJustBelowTheLimit_IsRead()
    {
        var depth = InputLimits.MaxNestingDepth - 4;
        var text = "id: w\nversion: 1\nsteps:\n  - id: a\n    uses: core.log\n    with:\n      message: hi\n      extra: " + new string('[', depth) + new string(']', depth) + "\n";

        var result = DefinitionLoader.Parse(text, "deep.yaml");

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.YamlLimit);
    }

    [Fact]
    public void Parse_ManyAliases_RefusedWithLimitDiagnostic()
    {
        var text = new StringBuilder("id: w\nversion: 1\nx: &a 1\nsteps:\n");
        for (var i = 0; i <= InputLimits.MaxAliases; i++)
        {
            text.Append("  - *a\n");
        }

        var result = DefinitionLoader.Parse(text.ToString(), "aliases.yaml");

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.YamlLimit && d.Message.Contains("aliases", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HugeWorkflowId_RefusedWithoutEchoingIt()
    {
        var id = new string('a', 100_000);

        var diagnostics = Check.All($"id: {id}\nversion: 1\nsteps:\n  - {{ id: a, delay: 1s }}\n");

        var diagnostic = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.InvalidWorkflowId);
        Assert.Contains($"at most {InputLimits.MaxWorkflowIdLength}", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(diagnostic.Message.Length < 200, "the message echoes the whole id");
    }

    [Fact]
    public void Validate_IdAtTheLengthLimit_IsAccepted() =>
        Check.Clean($"id: {new string('a', InputLimits.MaxWorkflowIdLength)}\nversion: 1\nsteps:\n  - {{ id: a, delay: 1s }}\n");

    [Fact]
    public void Validate_ExpressionWithFiftyThousandParentheses_ReportedNotThrown()
    {
        var code = new string('(', 50_000) + "1" + new string(')', 50_000);

        var diagnostics = Check.All($"id: w\nversion: 1\nsteps:\n  - id: a\n    uses: core.log\n    with:\n      message: \"${{{{ {code} }}}}\"\n");

        var diagnostic = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.ExpressionSyntax);
        Assert.Contains("nested more than", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(diagnostic.Message.Length < 500, "the message echoes the whole expression");
    }

    [Fact]
    public void LoadFile_LargerThanTheCap_RefusedUnread()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cw-huge-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(InputLimits.MaxFileBytes + 1);
            }

            var result = DefinitionLoader.LoadFile(path);

            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
            Assert.Equal(path, diagnostic.Location.File);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_ControlCharactersInId_ReportedWithoutThrowing()
    {
        var diagnostics = Check.All("id: \"w\\u0000\\u001b[2J\"\nversion: 1\nsteps:\n  - { id: a, delay: 1s }\n");

        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.InvalidWorkflowId);
        _ = new WorkflowValidator(TestCatalog.Instance);
    }
}
