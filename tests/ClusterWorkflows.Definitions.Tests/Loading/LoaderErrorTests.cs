namespace ClusterWorkflows.Definitions.Tests.Loading;

public sealed class LoaderErrorTests
{
    private const string Head = "id: w\nversion: 1\n";

    [Fact]
    public void Parse_EmptyText_ReportsEmptyDocument()
    {
        var result = Check.Load("# only a comment\n");

        Assert.Null(result.Definition);
        Assert.False(result.Success);
        Assert.Equal(DiagnosticCodes.YamlEmpty, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsTheSecondKey()
    {
        var diagnostic = Check.Single(Head + "steps: []\nid: again\n", DiagnosticCodes.YamlDuplicateKey, 4, 1);

        Assert.Contains("duplicate key 'id'", diagnostic.Message);
    }

    [Fact]
    public void Parse_TwoDocuments_ReportsTheSecond()
    {
        var result = Check.Load(Head + "steps: [ { id: a, delay: 1s } ]\n---\nid: other\n");

        Assert.Equal(DiagnosticCodes.YamlMultipleDocuments, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(5, result.Diagnostics[0].Location.Line);
        Assert.NotNull(result.Definition);
    }

    [Fact]
    public void Parse_RootIsAList_ReportsWrongType()
    {
        var result = Check.Load("- id: a\n");

        Assert.Null(result.Definition);
        Assert.Contains("a runbook must be a mapping", Assert.Single(result.Diagnostics).Message);
    }

    [Theory]
    [InlineData("a: [1, 2\nb: 3\n")]
    [InlineData("a: \"unterminated\n")]
    [InlineData("a: *nope\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a:\n\t- 1\n")]
    [InlineData("{ \"a\": 1 \"b\": 2 }")]
    [InlineData("[a, b]]")]
    [InlineData("\0\u0001\u0002")]
    [InlineData("id: &a [*a]\n")]
    public void Parse_Garbage_ReportsInsteadOfThrowing(string text)
    {
        var result = Check.Load(text);

        Assert.False(result.Success);
        Assert.NotEmpty(result.Diagnostics);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_NamesAllowedKeysAndSuggests()
    {
        var diagnostic = Check.Single(Head + "step: []\nsteps: [ { id: a, delay: 1s } ]\n", DiagnosticCodes.UnknownKey, 3, 1);

        Assert.Contains("unknown key 'step' in the workflow (did you mean 'steps'?)", diagnostic.Message);
        Assert.Contains("allowed keys: id, version, description, inputs, concurrency, triggers, outputs, steps", diagnostic.Message);
    }

    [Fact]
    public void Parse_UnknownStepKey_NamesKeysAllowedForThatKind()
    {
        var diagnostic = Check.Single(Head + "steps:\n  - id: a\n    delay: 1s\n    with: { x: 1 }\n", DiagnosticCodes.UnknownKey, 6, 5);

        Assert.Contains("unknown key 'with' in a delay step", diagnostic.Message);
        Assert.Contains("allowed keys: id, name, when, retry, timeout, continueOnError, delay", diagnostic.Message);
    }

    [Theory]
    [InlineData("retry: { maxAttempts: 2, dealy: 1s }", "unknown key 'dealy' in retry (did you mean 'delay'?)")]
    [InlineData("approval: { message: x, approver: [a] }", "unknown key 'approver' in approval (did you mean 'approvers'?)")]
    public void Parse_UnknownNestedKey_IsReported(string yaml, string message)
    {
        var step = yaml.StartsWith("retry", StringComparison.Ordinal) ? $"  - id: a\n    delay: 1s\n    {yaml}\n" : $"  - id: a\n    {yaml}\n";

        var diagnostic = Check.Single(Head + "steps:\n" + step, DiagnosticCodes.UnknownKey);

        Assert.Contains(message, diagnostic.Message);
    }

    [Fact]
    public void Parse_StepWithoutKind_ListsTheKinds()
    {
        var diagnostics = Check.All(Head + "steps:\n  - id: a\n    use: core.log\n");

        var missing = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.MissingKind);
        Assert.Contains("add one of uses, forEach, steps, parallel, if, switch, try, approval, delay, waitUntil, call", missing.Message);
        Assert.Equal((4, 5), (missing.Location.Line, missing.Location.Column));
        var unknown = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.UnknownKey);
        Assert.Contains("unknown key 'use' in a step (did you mean 'uses'?)", unknown.Message);
    }

    [Fact]
    public void Parse_StepWithTwoKinds_ReportsTheSecondKindKey()
    {
        var diagnostic = Check.Single(Head + "steps:\n  - id: a\n    delay: 1s\n    uses: core.log\n", DiagnosticCodes.MultipleKinds, 6, 5);

        Assert.Contains("'delay' and 'uses'", diagnostic.Message);
    }

    [Fact]
    public void Parse_ForEachWithSteps_IsOneKind()
    {
        Check.None(Head + "steps:\n  - id: a\n    forEach: [1]\n    steps: [ { id: b, delay: 1s } ]\n", DiagnosticCodes.MultipleKinds);
    }

    [Fact]
    public void Parse_MissingTopLevelKeys_AreEachReportedOnce()
    {
        var diagnostics = Check.All("description: nothing else\n");

        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.MissingKey, d.Code));
        Assert.Equal(["id", "version", "steps"], diagnostics.Select(d => d.Message.Split('\'')[1]));
    }

    [Fact]
    public void Parse_StepWithoutId_UsesPositionInPath()
    {
        var diagnostic = Check.Single(Head + "steps:\n  - id: group\n    steps:\n      - delay: 1s\n      - delay: 2s\n        id: b\n", DiagnosticCodes.MissingKey);

        Assert.Equal("group/[0]", diagnostic.StepPath);
        Assert.Contains("missing the required key 'id'", diagnostic.Message);
    }

    [Theory]
    [InlineData("continueOnError: yes", "'continueOnError' must be true or false, got the string 'yes'")]
    [InlineData("timeout: 30", "'timeout': '30' is not a duration (durations need a unit: 30s, 30m, ...)")]
    [InlineData("timeout: 5 minutes", "'timeout': '5 minutes' is not a duration (examples: 500ms, 30s, 5m, 1h30m, 2d)")]
    [InlineData("retry: { backoff: fibonacci }", "'retry.backoff' must be one of constant, linear, exponential, got 'fibonacci'")]
    [InlineData("retry: { maxAttempts: many }", "'retry.maxAttempts' must be a whole number, got the string 'many'")]
    [InlineData("retry: 3", "'retry' must be a mapping like { maxAttempts: 3, delay: 2s }, got the number 3")]
    [InlineData("when: [a]", "'when' must be a condition, got a list")]
    public void Parse_WrongFieldValue_SaysWhatWasExpected(string line, string message)
    {
        var diagnostics = Check.All(Head + $"steps:\n  - id: a\n    delay: 1s\n    {line}\n");

        Assert.Contains(diagnostics, d => d.Message == message);
        Assert.Single(diagnostics);
    }

    [Theory]
    [InlineData("uses: core log", "'uses' must name an activity like core.log@1 (or core.log for its newest version), got 'core log'")]
    [InlineData("uses: core.log@v1", "'uses' must name an activity like core.log@1 (or core.log for its newest version), got 'core.log@v1'")]
    [InlineData("uses: core.log@99999999999", "activity version in 'core.log@99999999999' is out of range")]
    public void Parse_MalformedUses_IsReportedOnce(string line, string message)
    {
        var diagnostic = Check.Single(Head + $"steps:\n  - id: a\n    {line}\n", DiagnosticCodes.InvalidUses, 5, 11);

        Assert.Equal(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("serial: [1, half]", "'serial' entries must be a count (2) or a percentage (30%), got the string 'half'")]
    [InlineData("serial: { a: 1 }", "'serial' must be a count (2), a percentage (30%) or a list of those, got a mapping")]
    public void Parse_BadSerial_IsReported(string line, string message)
    {
        var diagnostic = Check.Single(Head + $"steps:\n  - id: a\n    forEach: [1]\n    {line}\n    steps: [ {{ id: b, delay: 1s }} ]\n", DiagnosticCodes.ForEachSerial);

        Assert.Equal(message, diagnostic.Message);
    }

    [Fact]
    public void Parse_InputWithUnknownType_SuggestsTheClosest()
    {
        var diagnostic = Check.Single(Head + "inputs:\n  n: { type: int }\nsteps: [ { id: a, delay: 1s } ]\n", DiagnosticCodes.InvalidValue, 4, 14);

        Assert.Contains("type must be one of string, integer, number, boolean, array, object, got 'int'", diagnostic.Message);
    }

    [Fact]
    public void Parse_ExplicitlyEmptyOptionalList_IsReported()
    {
        var diagnostic = Check.Single(Head + "steps:\n  - id: a\n    if: true\n    then: [ { id: b, delay: 1s } ]\n    else: []\n", DiagnosticCodes.EmptyStepList, 7, 11);

        Assert.Contains("'else' is empty", diagnostic.Message);
    }

    [Fact]
    public void Parse_CallWithoutVersion_SaysCallsArePinned()
    {
        var diagnostic = Check.Single(Head + "steps:\n  - id: a\n    call: { workflow: other }\n", DiagnosticCodes.MissingKey);

        Assert.Contains("missing the required key 'version' (calls are pinned to a version)", diagnostic.Message);
    }

    [Fact]
    public void Parse_TriggerWithBothKinds_IsReported()
    {
        var diagnostic = Check.Single(Head + "triggers:\n  - cron: '* * * * *'\n    http: { path: /x }\nsteps: [ { id: a, delay: 1s } ]\n", DiagnosticCodes.TriggerKind, 4, 5);

        Assert.Contains("either 'cron' or 'http', not both", diagnostic.Message);
    }

    [Fact]
    public void Parse_ManyProblems_AreAllReported()
    {
        var diagnostics = Check.All("""
            id: w
            version: "1"
            colour: blue
            steps:
              - id: a
                delay: 1s
                timeout: forever
              - id: b
              - just text
              - id: c
                uses: core.log
                with: { message: x }
                retry: { maxAttempts: lots }
            """);

        Assert.Equal(
            [
                (2, DiagnosticCodes.WrongType),
                (3, DiagnosticCodes.UnknownKey),
                (7, DiagnosticCodes.InvalidDuration),
                (8, DiagnosticCodes.MissingKind),
                (9, DiagnosticCodes.WrongType),
                (13, DiagnosticCodes.WrongType),
            ],
            diagnostics.Select(d => (d.Location.Line, d.Code)).OrderBy(x => x.Line));
    }

    [Fact]
    public void LoadFile_UnsupportedExtension_IsReported()
    {
        var result = DefinitionLoader.LoadFile("/tmp/runbook.txt");

        Assert.Equal(DiagnosticCodes.FileUnsupported, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void LoadFile_MissingFile_IsReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var result = DefinitionLoader.LoadFile(path);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.FileUnreadable, diagnostic.Code);
        Assert.Equal(path, diagnostic.Location.File);
    }

    [Fact]
    public void LoadFile_RealFile_LoadsWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"runbook-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, Head + "steps: [ { id: a, delay: 1s } ]\nbad: 1\n");
        try
        {
            var result = DefinitionLoader.LoadFile(path);

            Assert.NotNull(result.Definition);
            Assert.Equal($"{path}:4:1", Assert.Single(result.Diagnostics).Location.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
