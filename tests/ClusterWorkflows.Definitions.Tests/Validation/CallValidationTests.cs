using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Definitions.Tests.TestActivities;

namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class CallValidationTests
{
    private sealed class Resolver(params WorkflowDefinition[] definitions) : IDefinitionResolver
    {
        public List<(string, int)> Asked { get; } = [];

        public WorkflowDefinition? Resolve(string id, int version)
        {
            Asked.Add((id, version));
            return definitions.FirstOrDefault(d => d.Id == id && d.Version == version);
        }
    }

    private static readonly WorkflowDefinition Backup = Check.LoadValid("""
        id: backup
        version: 2
        inputs:
          target: { type: string, required: true, allowed: [s3, disk] }
          keep: { type: integer, default: 7 }
          mode: { type: string, required: true, default: full }
        outputs:
          archive: "${{ steps.upload.outputs.value }}"
        steps:
          - { id: upload, uses: core.setVariable, with: { name: archive, value: x } }
        """);

    private static string Caller(string call) => $"id: nightly\nversion: 1\nsteps:\n  - id: sub\n    call: {call}\n";

    [Fact]
    public void Validate_CallWithoutResolver_ChecksOnlyItsShape()
    {
        Check.Clean(Caller("{ workflow: anything, version: 9, with: { whatever: 1 } }"));
    }

    [Fact]
    public void Validate_CallToKnownWorkflow_IsClean()
    {
        var resolver = new Resolver(Backup);

        Check.Clean(
            Caller("{ workflow: backup, version: 2, with: { target: s3, keep: \"${{ 1 + 1 }}\" } }")
                + "  - { id: after, uses: core.log, with: { message: \"${{ steps.sub.outputs.archive }}\" } }\n",
            resolver);
        Assert.Contains(("backup", 2), resolver.Asked);
    }

    [Fact]
    public void Validate_CallToUnknownVersion_IsReported()
    {
        var diagnostic = Check.Single(Caller("{ workflow: backup, version: 3 }"), DiagnosticCodes.CallUnknownWorkflow, 5, 23, new Resolver(Backup));

        Assert.Equal("called workflow backup@3 is not known", diagnostic.Message);
        Assert.Equal("sub", diagnostic.StepPath);
    }

    [Fact]
    public void Validate_CallInputs_AreCheckedAgainstTheCallee()
    {
        var diagnostics = Check.All(Caller("{ workflow: backup, version: 2, with: { target: tape, keep: x, colour: red } }"), new Resolver(Backup));

        Assert.Equal(
            [
                (DiagnosticCodes.InvalidWithValue, "input 'target' must be one of \"s3\", \"disk\", got \"tape\""),
                (DiagnosticCodes.InvalidWithValue, "input 'keep' must be integer, got a string"),
                (DiagnosticCodes.UnknownWithInput, "unknown input 'colour' for backup@2; its inputs: target, keep, mode"),
            ],
            diagnostics.Select(d => (d.Code, d.Message)));
    }

    [Fact]
    public void Validate_CallMissingRequiredInput_IsReported()
    {
        var diagnostic = Check.Single(Caller("{ workflow: backup, version: 2 }"), DiagnosticCodes.MissingWithInput, resolver: new Resolver(Backup));

        Assert.Equal("missing required input 'target' (string) for backup@2", diagnostic.Message);
    }

    [Fact]
    public void Validate_ReadingAnUndeclaredCallOutput_IsReported()
    {
        var diagnostic = Check.Single(
            Caller("{ workflow: backup, version: 2, with: { target: s3 } }") + "  - { id: after, uses: core.log, with: { message: \"${{ steps.sub.outputs.path }}\" } }\n",
            DiagnosticCodes.UnknownOutput,
            resolver: new Resolver(Backup));

        Assert.Equal("step 'sub' calls backup@2, which has no output 'path'; its outputs: archive", diagnostic.Message);
    }

    [Theory]
    [InlineData("{ workflow: Backup, version: 1 }", DiagnosticCodes.CallInvalidWorkflow)]
    [InlineData("{ workflow: backup, version: 0 }", DiagnosticCodes.CallInvalidVersion)]
    [InlineData("{ workflow: nightly, version: 1 }", DiagnosticCodes.CallCycle)]
    public void Validate_BadCallTarget_IsReported(string call, string code)
    {
        Check.Single(Caller(call), code);
    }

    [Fact]
    public void ValidateAll_CallCycle_IsReportedOnce()
    {
        var a = Check.LoadValid("id: a\nversion: 1\nsteps:\n  - { id: to_b, call: { workflow: b, version: 1 } }\n");
        var b = Check.LoadValid("id: b\nversion: 1\nsteps:\n  - { id: to_c, call: { workflow: c, version: 1 } }\n");
        var c = Check.LoadValid("id: c\nversion: 1\nsteps:\n  - id: g\n    steps: [ { id: to_a, call: { workflow: a, version: 1 } } ]\n");
        var d = Check.LoadValid("id: d\nversion: 1\nsteps:\n  - { id: to_a, call: { workflow: a, version: 1 } }\n");

        var diagnostics = new WorkflowValidator(TestCatalog.Instance).ValidateAll([d, c, b, a]);

        var cycle = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.CallCycle, cycle.Code);
        Assert.StartsWith("call cycle: a@1 -> b@1 -> c@1 -> a@1", cycle.Message);
        Assert.Equal("to_b", cycle.StepPath);
    }

    [Fact]
    public void ValidateAll_AcyclicSet_ResolvesCallsWithinTheSet()
    {
        var caller = Check.LoadValid(Caller("{ workflow: backup, version: 2, with: { target: disk } }"));
        var broken = Check.LoadValid(Caller("{ workflow: backup, version: 5 }").Replace("nightly", "weekly", StringComparison.Ordinal));

        var diagnostics = new WorkflowValidator(TestCatalog.Instance).ValidateAll([caller, Backup, broken]);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.CallUnknownWorkflow, diagnostic.Code);
    }

    [Fact]
    public void ValidateAll_SameVersionTwice_IsReported()
    {
        var diagnostics = new WorkflowValidator(TestCatalog.Instance).ValidateAll([Backup, Backup with { Description = "copy" }]);

        Assert.Equal(DiagnosticCodes.DuplicateDefinition, Assert.Single(diagnostics).Code);
    }
}
