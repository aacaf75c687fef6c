using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Evaluation;

public sealed class EvaluateConditionTests
{
    private readonly ExpressionEvaluator evaluator = new();

    private static ExpressionScope Scope() => new ExpressionScope()
        .Set("inputs", JsonNode.Parse("""{"n": 0, "m": 2, "empty": "", "text": "false", "list": [], "obj": {}, "none": null}"""));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("-0", false)]
    [InlineData("1", true)]
    [InlineData("-1", true)]
    [InlineData("0.5", true)]
    [InlineData("NaN", false)]
    [InlineData("1 / 0", true)]
    [InlineData("''", false)]
    [InlineData("'a'", true)]
    [InlineData("'false'", true)]
    [InlineData("'0'", true)]
    [InlineData("null", false)]
    [InlineData("undefined", false)]
    [InlineData("[]", true)]
    [InlineData("({})", true)]
    [InlineData("(() => 1)", true)]
    public void EvaluateCondition_Literal_FollowsJavaScriptTruthiness(string code, bool expected)
    {
        Assert.Equal(expected, evaluator.EvaluateCondition(code, new ExpressionScope()));
    }

    [Theory]
    [InlineData("inputs.n", false)]
    [InlineData("inputs.m", true)]
    [InlineData("inputs.empty", false)]
    [InlineData("inputs.text", true)]
    [InlineData("inputs.list", true)]
    [InlineData("inputs.obj", true)]
    [InlineData("inputs.none", false)]
    [InlineData("inputs.missing", false)]
    [InlineData("inputs.m > 1 && inputs.list.length === 0", true)]
    public void EvaluateCondition_ScopeValue_FollowsJavaScriptTruthiness(string code, bool expected)
    {
        Assert.Equal(expected, evaluator.EvaluateCondition(code, Scope()));
    }

    [Theory]
    [InlineData("${{ inputs.n }}", false)]
    [InlineData("${{ inputs.m }}", true)]
    [InlineData("  ${{ inputs.m > 5 }} ", false)]
    [InlineData("${{ inputs.m === 2 }}", true)]
    public void EvaluateCondition_TemplateOfOneExpression_EvaluatesItsCode(string text, bool expected)
    {
        Assert.Equal(expected, evaluator.EvaluateCondition(text, Scope()));
    }

    [Fact]
    public void EvaluateCondition_Failure_ThrowsExpressionException()
    {
        Assert.Throws<ExpressionException>(() => evaluator.EvaluateCondition("inputs.none.x", Scope()));
    }

    [Fact]
    public void EvaluateCondition_Runaway_StopsAtTheSandboxLimits()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.EvaluateCondition("(() => { while (true) {} })()", Scope()));

        Assert.Contains("sandbox limits", ex.Message);
    }
}
