namespace ClusterWorkflows.Expressions.Tests.Sandbox;

/// <summary>Deeply nested expressions are refused before the parser recurses into them.</summary>
public sealed class NestingTests
{
    public static TheoryData<string> DeepExpressions() => new()
    {
        new string('(', 50_000) + "1" + new string(')', 50_000),
        new string('[', 50_000) + new string(']', 50_000),
        "(" + new string('{', 200) + "}",
        new string('!', 200_000) + "1",
    };

    [Theory]
    [MemberData(nameof(DeepExpressions))]
    public void Check_DeeplyNested_ReportsNestingNotThrows(string code)
    {
        var message = ExpressionSyntax.Check(code);

        Assert.NotNull(message);
        Assert.True(message.Length < 500, "the message echoes the expression");
    }

    [Theory]
    [MemberData(nameof(DeepExpressions))]
    public void Evaluate_DeeplyNested_ThrowsExpressionException(string code)
    {
        var ex = Assert.Throws<ExpressionException>(() => new ExpressionEvaluator().Evaluate(code, new ExpressionScope()));

        Assert.True(ex.Message.Length < 500, "the message echoes the expression");
    }

    [Fact]
    public void Check_NestedAtTheLimit_IsValid() =>
        Assert.Null(ExpressionSyntax.Check(new string('(', ExpressionNesting.MaxDepth) + "1" + new string(')', ExpressionNesting.MaxDepth)));

    [Fact]
    public void Check_BracketsInsideStrings_AreNotCounted() =>
        Assert.Null(ExpressionSyntax.Check("'" + new string('(', 500) + "' + \"" + new string('[', 500) + "\""));

    [Fact]
    public void Check_OneLevelTooDeep_NamesTheLimit() =>
        Assert.Contains($"nested more than {ExpressionNesting.MaxDepth} levels", ExpressionSyntax.Check(new string('(', ExpressionNesting.MaxDepth + 1) + "1" + new string(')', ExpressionNesting.MaxDepth + 1)));
}
