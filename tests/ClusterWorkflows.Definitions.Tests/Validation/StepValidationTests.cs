namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class StepValidationTests
{
    private const string Head = "id: w\nversion: 1\nsteps:\n";

    [Theory]
    [InlineData("1st")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void Validate_BadStepId_IsReported(string id)
    {
        var diagnostic = Check.Single(Head + $"  - id: \"{id}\"\n    delay: 1s\n", DiagnosticCodes.InvalidStepId, 4, 9);

        Assert.Contains($"step id '{id}' must match", diagnostic.Message);
    }

    [Fact]
    public void Validate_DuplicateIdAnywhere_ReportsTheSecondWithTheFirstLocation()
    {
        var diagnostic = Check.Single(
            Head + "  - id: a\n    delay: 1s\n  - id: group\n    steps:\n      - id: a\n        delay: 2s\n",
            DiagnosticCodes.DuplicateStepId,
            8,
            13);

        Assert.Equal("group/a", diagnostic.StepPath);
        Assert.Contains("already used at test.yaml:4:9", diagnostic.Message);
    }

    [Fact]
    public void Validate_ZeroTimeout_IsReported()
    {
        Check.Single(Head + "  - id: a\n    delay: 1s\n    timeout: 0s\n", DiagnosticCodes.InvalidTimeout, 6, 14);
    }

    [Theory]
    [InlineData("retry: { maxAttempts: 0 }", 27, "'retry.maxAttempts' must be 1 or more")]
    [InlineData("retry: { delay: 1m, maxDelay: 10s }", 35, "'retry.maxDelay' (10s) is shorter than 'retry.delay' (1m)")]
    [InlineData("retry: { on: [\"\"] }", 18, "'retry.on' lists an empty error code")]
    public void Validate_BadRetry_IsReported(string retry, int column, string message)
    {
        var diagnostic = Check.Single(Head + $"  - id: a\n    delay: 1s\n    {retry}\n", DiagnosticCodes.InvalidRetry, 6, column);

        Assert.Contains(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("  - id: s\n    steps: []\n", "'steps' must list at least one step")]
    [InlineData("  - id: p\n    parallel: []\n", "'parallel' must list at least one step")]
    [InlineData("  - id: i\n    if: true\n    then: []\n", "'then' must list at least one step")]
    [InlineData("  - id: t\n    try: []\n    finally: [ { id: f, delay: 1s } ]\n", "'try' must list at least one step")]
    [InlineData("  - id: e\n    forEach: [1]\n    steps: []\n", "'steps' must list at least one step")]
    [InlineData("  - id: w\n    switch: x\n    cases: { a: [] }\n", "'cases.a' must list at least one step")]
    public void Validate_EmptyRequiredList_IsReported(string step, string message)
    {
        var diagnostic = Check.Single(Head + step, DiagnosticCodes.EmptyStepList);

        Assert.Equal(message, diagnostic.Message);
    }

    [Fact]
    public void Validate_MissingThen_IsReportedOnceByTheLoader()
    {
        var diagnostic = Check.Single(Head + "  - id: i\n    if: true\n", DiagnosticCodes.MissingKey);

        Assert.Contains("missing the required key 'then'", diagnostic.Message);
        Check.None(Head + "  - id: i\n    if: true\n", DiagnosticCodes.EmptyStepList);
    }

    [Fact]
    public void Validate_TryWithoutHandlers_IsReported()
    {
        var diagnostic = Check.Single(Head + "  - id: t\n    try: [ { id: a, delay: 1s } ]\n", DiagnosticCodes.TryWithoutHandler, 4, 5);

        Assert.Equal("a try step needs 'catch', 'finally' or both", diagnostic.Message);
    }

    [Fact]
    public void Validate_SwitchWithoutCases_IsReported()
    {
        Check.Single(Head + "  - id: s\n    switch: inputs.x\n    cases: {}\n    default: [ { id: d, delay: 1s } ]\n", DiagnosticCodes.SwitchWithoutCases, 6, 12);
    }

    [Theory]
    [InlineData("{ minApprovals: 0 }", "'minApprovals' must be 1 or more, got 0")]
    [InlineData("{ approvers: [alice, bob], minApprovals: 3 }", "'minApprovals' is 3 but only 2 approvers are listed")]
    public void Validate_ImpossibleApproval_IsReported(string approval, string message)
    {
        var diagnostic = Check.Single(Head + $"  - id: ok\n    approval: {approval}\n", DiagnosticCodes.ApprovalMinApprovals);

        Assert.Contains(message, diagnostic.Message);
    }

    [Fact]
    public void Validate_ApprovalWithRole_MayNeedMoreThanListed()
    {
        Check.Clean(Head + "  - id: ok\n    approval: { approvers: [alice], role: sre, minApprovals: 2, timeout: 1h, message: \"Go ${{ run.id }}?\" }\n");
    }

    [Theory]
    [InlineData("delay: 5 minutes", DiagnosticCodes.InvalidDelay, "'delay: 5 minutes' is not a duration")]
    [InlineData("delay: \"${{ inputs.wait\"", DiagnosticCodes.ExpressionSyntax, "unterminated expression")]
    [InlineData("waitUntil: tomorrow", DiagnosticCodes.InvalidWaitUntil, "must be an ISO-8601 instant with an offset")]
    [InlineData("waitUntil: 2026-12-01T03:00:00", DiagnosticCodes.InvalidWaitUntil, "must be an ISO-8601 instant with an offset")]
    [InlineData("waitUntil: 2026-13-01T03:00:00Z", DiagnosticCodes.InvalidWaitUntil, "must be an ISO-8601 instant with an offset")]
    public void Validate_BadTimer_IsReported(string line, string code, string message)
    {
        var diagnostic = Check.Single(Head + $"  - id: t\n    {line}\n", code, 5);

        Assert.Contains(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("delay: 1h30m")]
    [InlineData("delay: 00:10:00")]
    [InlineData("delay: \"${{ inputs.n }}s\"")]
    [InlineData("waitUntil: 2026-12-01T03:00:00+01:00")]
    [InlineData("waitUntil: \"${{ steps.x.outputs.value }}\"")]
    public void Validate_GoodTimer_IsClean(string line)
    {
        var yaml = "id: w\nversion: 1\ninputs: { n: { type: integer } }\nsteps:\n  - { id: x, uses: core.setVariable, with: { name: at, value: 1 } }\n" + $"  - id: t\n    {line}\n";

        Check.Clean(yaml);
    }

    [Theory]
    [InlineData("forEach: inventory.hosts", DiagnosticCodes.ForEachItems, "got the text 'inventory.hosts' (did you mean '${{ inventory.hosts }}'?)")]
    [InlineData("forEach: 3", DiagnosticCodes.ForEachItems, "got an integer")]
    [InlineData("forEach: \"hosts: ${{ inputs.hosts }}\"", DiagnosticCodes.ExpressionNotSingle, "text around it makes a string")]
    [InlineData("forEach: [1]\n    as: 2host", DiagnosticCodes.ForEachAs, "'as: 2host' must be a JavaScript name")]
    [InlineData("forEach: [1]\n    as: steps", DiagnosticCodes.ForEachAs, "would hide the built-in name 'steps'")]
    [InlineData("forEach: [1]\n    concurrency: 0", DiagnosticCodes.ForEachConcurrency, "'concurrency' must be 1 or more, got 0")]
    [InlineData("forEach: [1]\n    serial: [0, 50%]", DiagnosticCodes.ForEachSerial, "batch sizes must be 1 or more, got 0")]
    [InlineData("forEach: [1]\n    serial: 150%", DiagnosticCodes.ForEachSerial, "percentages must be between 1% and 100%, got 150%")]
    [InlineData("forEach: [1]\n    maxFailPercentage: 120", DiagnosticCodes.ForEachMaxFail, "between 0 and 100, got 120")]
    [InlineData("forEach: [1]\n    maxFailPercentage: -1", DiagnosticCodes.ForEachMaxFail, "between 0 and 100, got -1")]
    public void Validate_BadForEach_IsReported(string lines, string code, string message)
    {
        var yaml = "id: w\nversion: 1\ninputs: { hosts: { type: array } }\nsteps:\n" + $"  - id: each\n    {lines}\n    steps: [ {{ id: s, delay: 1s }} ]\n";

        var diagnostic = Check.Single(yaml, code);

        Assert.Contains(message, diagnostic.Message);
        Assert.Equal("each", diagnostic.StepPath);
    }

    [Fact]
    public void Validate_CorrectForEach_IsClean()
    {
        Check.Clean("""
            id: w
            version: 1
            steps:
              - id: each
                forEach: ${{ inventory.groups.workers }}
                as: host
                serial: [1, 25%]
                concurrency: 2
                maxFailPercentage: 10
                steps:
                  - id: drain
                    uses: core.command
                    with: { command: "docker node update --availability drain ${{ host.name }}", args: ["${{ index }}"] }
                  - id: inner
                    forEach: ${{ host.disks }}
                    steps:
                      - id: check
                        uses: core.log
                        with: { message: "${{ host.name }} ${{ item }} ${{ index }} ${{ steps.drain.outputs.exitCode }}" }
            """);
    }
}
