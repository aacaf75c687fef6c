namespace ClusterWorkflows.Expressions.Tests.Templates;

public sealed class ExpressionSyntaxTests
{
    [Theory]
    [InlineData("inputs.name")]
    [InlineData("steps.probe.outputs.count > 2 ? 'many' : 'few'")]
    [InlineData("inventory.hosts.filter(h => h.groups.includes('managers')).map(h => h.name)")]
    [InlineData("`${inputs.a}-${inputs.b}`")]
    [InlineData("({ a: 1, b: [1, 2] })")]
    public void Check_ValidExpression_ReturnsNull(string code)
    {
        Assert.Null(ExpressionSyntax.Check(code));
    }

    [Theory]
    [InlineData("inputs.name +")]
    [InlineData("a b")]
    [InlineData("(1")]
    [InlineData("")]
    [InlineData("1; 2")]
    public void Check_InvalidExpression_ReturnsParserMessage(string code)
    {
        var message = ExpressionSyntax.Check(code);

        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public void Check_UnexpectedEnd_DescribesTheProblem()
    {
        Assert.Equal("Unexpected end of input", ExpressionSyntax.Check("1 +"));
    }

    [Theory]
    [InlineData("010")]
    [InlineData("(function () { with (x) { } })")]
    [InlineData("(function (a, a) { })")]
    public void Check_SloppyModeOnlySyntax_IsRejectedLikeTheStrictEvaluator(string code)
    {
        Assert.NotNull(ExpressionSyntax.Check(code));
        Assert.Throws<ExpressionException>(() => new ExpressionEvaluator().Evaluate(code, new ExpressionScope()));
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("${{ inputs.a }}")]
    [InlineData("a ${{ 1 + 1 }} b ${{ '}}' }}")]
    [InlineData("")]
    public void CheckTemplate_Valid_ReturnsNoErrors(string text)
    {
        Assert.Empty(ExpressionSyntax.CheckTemplate(text));
    }

    [Fact]
    public void CheckTemplate_SeveralBadExpressions_ReportsEachWithItsCode()
    {
        var errors = ExpressionSyntax.CheckTemplate("${{ a }} ${{ b + }} ${{ c( }}");

        Assert.Equal(
            ["invalid expression 'b +': Unexpected end of input", "invalid expression 'c(': Unexpected end of input"],
            errors);
    }

    [Fact]
    public void CheckTemplate_Unterminated_ReportsTheScannerError()
    {
        var error = Assert.Single(ExpressionSyntax.CheckTemplate("hello ${{ inputs.name"));

        Assert.Equal("unterminated expression starting at offset 6: missing '}}'", error);
    }

    [Fact]
    public void CheckTemplate_Empty_ReportsEmptyExpression()
    {
        var error = Assert.Single(ExpressionSyntax.CheckTemplate("${{ }}"));

        Assert.Equal("empty expression at offset 0", error);
    }
}
