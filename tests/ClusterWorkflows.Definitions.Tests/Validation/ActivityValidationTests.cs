namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class ActivityValidationTests
{
    private const string Head = "id: w\nversion: 1\nsteps:\n";

    [Fact]
    public void Validate_MisspelledActivity_SuggestsTheClosest()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: core.lgo@1\n", DiagnosticCodes.UnknownActivity, 5, 11);

        Assert.Equal("unknown activity type 'core.lgo' (did you mean 'core.log'?)", diagnostic.Message);
        Assert.Equal("a", diagnostic.StepPath);
    }

    [Fact]
    public void Validate_ActivityWithoutNamespace_SuggestsByLastSegment()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: command\n", DiagnosticCodes.UnknownActivity);

        Assert.Contains("did you mean 'core.command'?", diagnostic.Message);
    }

    [Fact]
    public void Validate_UnrelatedActivity_SaysNothingIsSimilar()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: swarm.deployStack@1\n", DiagnosticCodes.UnknownActivity);

        Assert.Contains("no similar type among the 7 known activity types", diagnostic.Message);
    }

    [Fact]
    public void Validate_UnknownVersion_ListsKnownVersions()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: core.command@3\n    with: { command: ls }\n", DiagnosticCodes.UnknownActivityVersion, 5, 11);

        Assert.Equal("unknown version 3 of activity 'core.command' (known versions: 1, 2)", diagnostic.Message);
    }

    [Fact]
    public void Validate_UnknownInput_IsReportedAtItsKey()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: core.log@1\n    with:\n      message: hi\n      levle: info\n", DiagnosticCodes.UnknownWithInput, 8, 7);

        Assert.Contains("unknown input 'levle' for core.log@1 (known inputs: message, level)", diagnostic.Message);
    }

    [Fact]
    public void Validate_PlainValueSplitAtComma_ExplainsTheYamlPitfall()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: core.log@1\n    with: { message: done, rejected or cancelled }\n", DiagnosticCodes.UnknownWithInput, 6, 28);

        Assert.EndsWith("a plain value containing ', ' inside { } is split there by YAML: quote the value", diagnostic.Message);
    }

    [Fact]
    public void Validate_MissingRequiredInput_IsReportedAtWith()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: core.log@1\n    with: { level: info }\n", DiagnosticCodes.MissingWithInput, 6, 11);

        Assert.Equal("missing required input 'message' (string) for core.log@1", diagnostic.Message);
    }

    [Fact]
    public void Validate_MissingWithEntirely_IsReportedAtUses()
    {
        Check.Single(Head + "  - id: a\n    uses: core.log@1\n", DiagnosticCodes.MissingWithInput, 5, 11);
    }

    [Theory]
    [InlineData("core.log@1", "{ message: 3 }", "input 'message' must be of type string, got number")]
    [InlineData("core.log@1", "{ message: x, level: loud }", "input 'level' must be one of debug, info, warning, error, got 'loud'")]
    [InlineData("core.fail@1", "{ times: 1.5 }", "input 'times' must be of type integer, got number")]
    [InlineData("core.fail@1", "{ retryable: \"no\" }", "input 'retryable' must be of type boolean, got string")]
    [InlineData("core.command@1", "{ command: ls, args: ls }", "input 'args' must be of type array, got string")]
    [InlineData("core.command@1", "{ command: ls, timeout: 5 minutes }", "input 'timeout' must be a duration (examples: 500ms, 30s, 5m, 1h30m), got '5 minutes'")]
    [InlineData("core.delay@1", "{ duration: soon }", "input 'duration' must be a duration (examples: 500ms, 30s, 5m, 1h30m), got 'soon'")]
    [InlineData("core.http@1", "{ url: x, headers: [a] }", "input 'headers' must be of type object, got array")]
    [InlineData("core.assert@1", "{ that: null }", "input 'that' must not be null")]
    public void Validate_MistypedInput_IsReportedAtItsKey(string uses, string with, string message)
    {
        var diagnostic = Check.Single(Head + $"  - id: a\n    uses: {uses}\n    with: {with}\n", DiagnosticCodes.InvalidWithValue, 6);

        Assert.Equal(message, diagnostic.Message);
    }

    [Fact]
    public void Validate_ExpressionValues_SkipTypeChecks()
    {
        Check.Clean(Head + """
              - id: a
                uses: core.fail@1
                with: { times: "${{ 1 + 1 }}", retryable: "${{ false }}", message: "${{ run.id }}" }
              - id: b
                uses: core.command
                with: { command: ls, timeout: "${{ '5m' }}", successExitCodes: "${{ [0, 1] }}" }
            """);
    }

    [Fact]
    public void Validate_LiteralSecretInput_IsReportedWithoutTheValue()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    uses: core.http@1\n    with: { url: x, bearerToken: s3cr3t-value }\n", DiagnosticCodes.LiteralSecret, 6, 21);

        Assert.Contains("is a secret: pass it as ${{ secrets.NAME }}", diagnostic.Message);
        Assert.DoesNotContain("s3cr3t-value", diagnostic.ToString());
    }

    [Fact]
    public void Validate_BareUses_ResolvesTheNewestVersion()
    {
        Check.Clean(Head + "  - id: a\n    uses: core.command\n    with: { command: ls }\n  - id: b\n    uses: core.log\n    with: { message: \"${{ steps.a.outputs.stdout }}\" }\n");
    }

    [Fact]
    public void Validate_EveryTestActivity_AcceptsItsDocumentedInputs()
    {
        Check.Clean(Head + """
              - { id: log, uses: core.log@1, with: { message: hi, level: warning } }
              - { id: set, uses: core.setVariable@1, with: { name: n, value: { any: [thing] } } }
              - { id: fail, uses: core.fail@1, with: { message: m, code: c, times: 2, retryable: false } }
              - { id: wait, uses: core.delay@1, with: { duration: 10s } }
              - id: http
                uses: core.http@1
                with: { url: "https://x", method: POST, headers: { A: b }, body: "{}", json: [1], expectStatus: [200, 204], timeout: 30s }
              - id: cmd
                uses: core.command@1
                with: { command: ls, args: [-l], shell: true, workingDirectory: /tmp, environment: { A: b }, timeout: 1m, successExitCodes: [0, 2], creates: /x, removes: /y }
              - { id: ok, uses: core.assert@1, with: { that: true, message: fine } }
              - { id: idem, uses: core.command@2, with: { command: ls }, idempotent: true }
            """);
    }
}
