namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class ExpressionValidationTests
{
    private const string Head = """
        id: w
        version: 1
        inputs:
          cluster: { type: string }
          count: { type: integer, default: 1 }
        steps:

        """;

    private static string Log(string id, string message) => $"  - id: {id}\n    uses: core.log\n    with: {{ message: \"{message}\" }}\n";

    [Fact]
    public void Validate_SyntaxError_NamesTheExpression()
    {
        var diagnostic = Check.Single(Head + Log("a", "${{ inputs.cluster + }}"), DiagnosticCodes.ExpressionSyntax, 9, 13);

        Assert.StartsWith("'with.message': invalid expression 'inputs.cluster +'", diagnostic.Message);
    }

    [Fact]
    public void Validate_UnterminatedTemplate_IsReported()
    {
        var diagnostic = Check.Single(Head + Log("a", "hello ${{ inputs.cluster"), DiagnosticCodes.ExpressionSyntax);

        Assert.Contains("unterminated expression", diagnostic.Message);
    }

    [Theory]
    [InlineData("when: inputs.count > 1")]
    [InlineData("when: ${{ inputs.count > 1 }}")]
    [InlineData("when: \"  ${{ inputs.cluster == 'a' }}  \"")]
    [InlineData("when: true")]
    [InlineData("when: \"inputs.list.map(x => x.name).includes('a') && JSON.stringify({ a: inputs.count }) != ''\"")]
    [InlineData("when: \"(function f(n) { const k = n; return k + Math.max(1, 2); })(inputs.count) > 0\"")]
    [InlineData("when: \"inputs['cluster'] === 'a' && [1, 2].some(({ v = inputs.count }) => v)\"")]
    public void Validate_GoodCondition_IsClean(string when)
    {
        var yaml = Head.Replace("steps:", "  list: { type: array }\nsteps:", StringComparison.Ordinal) + $"  - id: a\n    {when}\n    delay: 1s\n";

        Check.Clean(yaml);
    }

    [Fact]
    public void Validate_ConditionWithTextAroundExpression_IsReported()
    {
        var diagnostic = Check.Single(Head + "  - id: a\n    when: \"yes ${{ inputs.count > 1 }}\"\n    delay: 1s\n", DiagnosticCodes.ExpressionNotSingle, 8, 11);

        Assert.Contains("'when' must be one expression", diagnostic.Message);
    }

    [Fact]
    public void Validate_BadIfAndSwitchExpressions_AreReported()
    {
        var diagnostics = Check.All(Head + """
              - id: i
                if: inputs.count >
                then: [ { id: t, delay: 1s } ]
              - id: s
                switch: ${{ inputs. }}
                cases: { a: [ { id: c, delay: 1s } ] }
            """);

        Assert.Equal([(8, DiagnosticCodes.ExpressionSyntax), (11, DiagnosticCodes.ExpressionSyntax)], diagnostics.Select(d => (d.Location.Line, d.Code)));
    }

    [Theory]
    [InlineData("${{ env.HOME }}", "unknown name 'env' in 'with.message' (environment variables are not available to runbooks: pass values as inputs)")]
    [InlineData("${{ input.cluster }}", "unknown name 'input' in 'with.message' (did you mean 'inputs'?)")]
    [InlineData("${{ foo }}", "unknown name 'foo' in 'with.message'; available: inputs, vars, steps, inventory, run, secrets")]
    public void Validate_UnknownRoot_IsReported(string expression, string message)
    {
        var diagnostic = Check.Single(Head + Log("a", expression), DiagnosticCodes.UnknownName);

        Assert.StartsWith(message, diagnostic.Message);
    }

    [Fact]
    public void Validate_PropertyNamesAndLocals_AreNotRoots()
    {
        Check.Clean(Head + Log("a", "${{ ({ env: 1, item: inputs.count }).env + [1].map(item => item * 2)[0] + inputs?.cluster?.length + `${inputs.count}` }}"));
    }

    [Fact]
    public void Validate_UndeclaredInput_SuggestsDeclaredOnes()
    {
        var diagnostic = Check.Single(Head + Log("a", "${{ inputs.clustr }}"), DiagnosticCodes.UnknownInputReference, 9, 13);

        Assert.Equal("unknown input 'inputs.clustr' (did you mean 'cluster'?); declared: cluster, count", diagnostic.Message);
    }

    [Fact]
    public void Validate_UndeclaredInputWithBracket_IsReported()
    {
        Check.Single(Head + Log("a", "${{ inputs['nope'] }}"), DiagnosticCodes.UnknownInputReference);
    }

    [Fact]
    public void Validate_SameProblemTwiceInOneString_IsReportedOnce()
    {
        Check.Single(Head + Log("a", "${{ inputs.x }} and ${{ inputs.x }}"), DiagnosticCodes.UnknownInputReference);
    }

    [Fact]
    public void Validate_ReferenceToEarlierStep_IsClean()
    {
        Check.Clean(Head + "  - { id: set, uses: core.setVariable, with: { name: a, value: 1 } }\n" + Log("b", "${{ steps.set.outputs.value }} ${{ steps['set'].outputs['name'] }}"));
    }

    [Fact]
    public void Validate_ReferenceToLaterStep_IsReported()
    {
        var diagnostic = Check.Single(Head + Log("a", "${{ steps.b.outputs }}") + Log("b", "x"), DiagnosticCodes.StepNotAvailable, 9, 13);

        Assert.Equal("'with.message' reads steps.b, but 'b' is defined later in the document; a step can only read steps that ran before it", diagnostic.Message);
    }

    [Fact]
    public void Validate_ReferenceToItself_IsReported()
    {
        var diagnostic = Check.Single(Head + Log("a", "${{ steps.a.outputs }}"), DiagnosticCodes.StepNotAvailable);

        Assert.EndsWith("a step cannot read its own outputs", diagnostic.Message);
    }

    [Fact]
    public void Validate_ContainerReadingItsChild_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: group
                when: steps.inner.outputs.x
                steps:
                  - { id: inner, delay: 1s }
            """, DiagnosticCodes.StepNotAvailable);

        Assert.Contains("'inner' is inside this step and has not run when 'when' is evaluated", diagnostic.Message);
    }

    [Fact]
    public void Validate_ChildReadingItsContainer_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: group
                steps:
            """ + "\n" + Log("inner", "${{ steps.group.outputs }}").Replace("  - ", "      - ", StringComparison.Ordinal).Replace("\n    ", "\n        ", StringComparison.Ordinal), DiagnosticCodes.StepNotAvailable);

        Assert.Contains("'group' contains this step and has not finished", diagnostic.Message);
        Assert.Equal("group/inner", diagnostic.StepPath);
    }

    [Fact]
    public void Validate_ReadingAStepInsideAnotherLoop_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: each
                forEach: [1, 2]
                steps:
                  - { id: probe, uses: core.http, with: { url: x } }
              - id: after
                uses: core.log
                with: { message: "${{ steps.probe.outputs.status }}" }
            """, DiagnosticCodes.StepNotAvailable);

        Assert.Contains("'probe' runs once per item inside forEach 'each'; read its outputs inside that loop", diagnostic.Message);
        Assert.Equal("after", diagnostic.StepPath);
    }

    [Fact]
    public void Validate_ReadingAParallelSibling_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: both
                parallel:
                  - { id: left, uses: core.setVariable, with: { name: a, value: 1 } }
                  - { id: right, uses: core.log, with: { message: "${{ steps.left.outputs.value }}" } }
            """, DiagnosticCodes.StepNotAvailable);

        Assert.Contains("'left' runs in parallel with this step (both under 'both')", diagnostic.Message);
    }

    [Fact]
    public void Validate_ReadingTheOtherBranch_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: pick
                if: inputs.count > 1
                then: [ { id: big, uses: core.setVariable, with: { name: a, value: 1 } } ]
                else: [ { id: small, uses: core.log, with: { message: "${{ steps.big.outputs.value }}" } } ]
            """, DiagnosticCodes.StepNotAvailable);

        Assert.Contains("'big' is in the 'then' branch of 'pick', which never runs together with this 'else' branch", diagnostic.Message);
    }

    [Fact]
    public void Validate_ReadingTryFromCatchAndBranchFromAfter_IsClean()
    {
        Check.Clean(Head + """
              - id: guarded
                try: [ { id: attempt, uses: core.command, with: { command: ls } } ]
                catch: [ { id: report, uses: core.log, with: { message: "${{ steps.attempt.outputs.stderr }}" } } ]
              - id: pick
                switch: inputs.cluster
                cases: { a: [ { id: ca, uses: core.setVariable, with: { name: a, value: 1 } } ] }
              - { id: after, uses: core.log, with: { message: "${{ steps.ca.outputs.value }}" } }
            """);
    }

    [Fact]
    public void Validate_ErrorInsideCatch_IsDefined()
    {
        Check.Clean(Head + """
              - id: guarded
                try: [ { id: attempt, uses: core.fail } ]
                catch:
                  - id: handle
                    steps:
                      - { id: report, uses: core.log, with: { message: "${{ error.code }}: ${{ error.message }}" } }
            """);
    }

    [Theory]
    [InlineData("finally")]
    [InlineData("try")]
    public void Validate_ErrorOutsideCatch_IsReported(string list)
    {
        var other = list == "try" ? "catch" : "try";
        var diagnostic = Check.Single(Head + $$$"""
              - id: guarded
                {{{list}}}: [ { id: report, uses: core.log, with: { message: "${{ error.message }}" } } ]
                {{{other}}}: [ { id: other, delay: 1s } ]
            """, DiagnosticCodes.UnknownName);

        Assert.StartsWith("'error' is only defined in the 'catch' steps of a try step", diagnostic.Message);
    }

    [Fact]
    public void Validate_UnknownStep_SuggestsAndExplainsDashes()
    {
        var typo = Check.Single(Head + "  - { id: build, delay: 1s }\n" + Log("a", "${{ steps.biuld.outputs }}"), DiagnosticCodes.UnknownStepReference);
        var dashed = Check.Single(Head + "  - { id: my-step, delay: 1s }\n" + Log("a", "${{ steps.my-step.outputs.x }}"), DiagnosticCodes.UnknownStepReference);

        Assert.Equal("unknown step 'steps.biuld' (did you mean 'build'?)", typo.Message);
        Assert.Contains("ids with '-' must be written steps['my-step']", dashed.Message);
    }

    [Fact]
    public void Validate_UnknownOutput_ListsTheActivityOutputs()
    {
        var diagnostic = Check.Single(Head + "  - { id: run, uses: core.command@1, with: { command: ls } }\n" + Log("b", "${{ steps.run.outputs.exitcode }}"), DiagnosticCodes.UnknownOutput);

        Assert.Equal("step 'run' (core.command@1) has no output 'exitcode' (did you mean 'exitCode'?); its outputs: exitCode, stdout, stderr", diagnostic.Message);
    }

    [Fact]
    public void Validate_OutputOfActivityWithoutOutputs_SaysSo()
    {
        var diagnostic = Check.Single(Head + Log("a", "x") + Log("b", "${{ steps.a.outputs.text }}"), DiagnosticCodes.UnknownOutput);

        Assert.EndsWith("it has no outputs", diagnostic.Message);
    }

    [Fact]
    public void Validate_LoopVariableOutsideLoop_IsReported()
    {
        var diagnostics = Check.All(Head + Log("a", "${{ item.name }} ${{ index }}"));

        Assert.Equal(2, diagnostics.Count(d => d.Code == DiagnosticCodes.LoopVariableOutsideForEach));
        Assert.Contains("it is only defined inside a forEach", diagnostics[0].Message);
    }

    [Fact]
    public void Validate_DefaultItemNameWhenLoopRenamedIt_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: each
                forEach: [a]
                as: host
                steps:
                  - { id: x, uses: core.log, with: { message: "${{ item }}" } }
            """, DiagnosticCodes.LoopVariableOutsideForEach);

        Assert.Contains("the enclosing forEach calls its item 'host'", diagnostic.Message);
    }

    [Fact]
    public void Validate_ForEachItemsExpressionUsingItsOwnItem_IsReported()
    {
        var diagnostic = Check.Single(Head + """
              - id: each
                forEach: ${{ host.disks }}
                as: host
                steps: [ { id: x, delay: 1s } ]
            """, DiagnosticCodes.LoopVariableOutsideForEach);

        Assert.Equal("each", diagnostic.StepPath);
    }

    [Fact]
    public void Validate_WorkflowOutputs_CheckReferences()
    {
        var diagnostics = Check.All("""
            id: w
            version: 1
            outputs:
              good: "${{ steps.a.outputs.value }}"
              looped: "${{ steps.inner.outputs }}"
              missing: "${{ steps.nope }}"
              nested: { list: ["${{ inputs.nope }}"] }
            steps:
              - { id: a, uses: core.setVariable, with: { name: n, value: 1 } }
              - id: each
                forEach: [1]
                steps: [ { id: inner, delay: 1s } ]
            """);

        Assert.Equal(
            [(5, DiagnosticCodes.StepNotAvailable), (6, DiagnosticCodes.UnknownStepReference), (7, DiagnosticCodes.UnknownInputReference)],
            diagnostics.Select(d => (d.Location.Line, d.Code)));
        Assert.All(diagnostics, d => Assert.Null(d.StepPath));
    }
}
