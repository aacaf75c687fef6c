using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Templates;

public sealed class TemplateTests
{
    [Fact]
    public void TryParse_TextAndExpressions_SplitsInOrderWithOffsets()
    {
        var ok = Template.TryParse("a${{ 1 }}b${{ x.y }}c", out var parts, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(
            [new TemplatePart(false, "a", 0), new TemplatePart(true, "1", 4), new TemplatePart(false, "b", 9), new TemplatePart(true, "x.y", 13), new TemplatePart(false, "c", 20)],
            parts);
    }

    [Fact]
    public void TryParse_PlainText_ReturnsOneLiteralPart()
    {
        Assert.True(Template.TryParse("just text { } }}", out var parts, out _));

        Assert.Equal([new TemplatePart(false, "just text { } }}", 0)], parts);
    }

    [Fact]
    public void TryParse_LoneExpression_TrimsCode()
    {
        Assert.True(Template.TryParse("${{   inputs.name   }}", out var parts, out _));

        Assert.Equal([new TemplatePart(true, "inputs.name", 3)], parts);
    }

    [Theory]
    [InlineData("${{ 'a}}b' }}", "'a}}b'")]
    [InlineData("${{ \"}}\" }}", "\"}}\"")]
    [InlineData("${{ `x}}y` }}", "`x}}y`")]
    [InlineData("${{ 'it\\'s }}' }}", "'it\\'s }}'")]
    [InlineData("${{ \"a\\\"}}\" + 'b' }}", "\"a\\\"}}\" + 'b'")]
    public void TryParse_CloseDelimiterInsideStringLiteral_IsPartOfTheCode(string text, string code)
    {
        Assert.True(Template.TryParse(text, out var parts, out _));

        var part = Assert.Single(parts);
        Assert.True(part.IsExpression);
        Assert.Equal(code, part.Text);
    }

    [Fact]
    public void TryParse_CloseDelimiterInStringBetweenText_KeepsSurroundingLiterals()
    {
        Assert.True(Template.TryParse("x ${{ \"}}\" }} y", out var parts, out _));

        Assert.Equal([new TemplatePart(false, "x ", 0), new TemplatePart(true, "\"}}\"", 5), new TemplatePart(false, " y", 13)], parts);
    }

    [Theory]
    [InlineData("${{ ({a: {b: 1}}) }}", "({a: {b: 1}})")]
    [InlineData("${{ [1].map(x => { if (x) { return x } }) }}", "[1].map(x => { if (x) { return x } })")]
    public void TryParse_NestedBracesEndingInCloseDelimiter_AreCode(string text, string code)
    {
        Assert.True(Template.TryParse(text, out var parts, out _));

        Assert.Equal([new TemplatePart(true, code, 3)], parts);
    }

    [Fact]
    public void TryParse_ExtraClosingBraceAfterExpression_IsLiteral()
    {
        Assert.True(Template.TryParse("${{ a }}}", out var parts, out _));

        Assert.Equal([new TemplatePart(true, "a", 3), new TemplatePart(false, "}", 8)], parts);
    }

    [Theory]
    [InlineData("${{ inputs.name", 0)]
    [InlineData("hello ${{ inputs.name }", 6)]
    [InlineData("${{ 1 }} and ${{ 'never closed }}", 13)]
    public void TryParse_Unterminated_ReportsOffsetOfOpening(string text, int offset)
    {
        Assert.False(Template.TryParse(text, out _, out var error));

        Assert.Equal($"unterminated expression starting at offset {offset}: missing '}}}}'", error);
    }

    [Theory]
    [InlineData("${{ }}", 0)]
    [InlineData("${{}}", 0)]
    [InlineData("  ${{   }}  ", 2)]
    [InlineData("a ${{ }} b", 2)]
    [InlineData("${{ 1 }}${{ }}", 8)]
    public void TryParse_EmptyExpression_ReportsOffset(string text, int offset)
    {
        Assert.False(Template.TryParse(text, out _, out var error));

        Assert.Equal($"empty expression at offset {offset}", error);
    }

    [Theory]
    [InlineData("${{ 3 }}", "3")]
    [InlineData("  ${{ 3 }} ", "3")]
    [InlineData("\n${{ inputs.a + 1 }}\n", "inputs.a + 1")]
    [InlineData("${{ '}}' }}", "'}}'")]
    public void IsSingleExpression_OneExpressionOnly_ReturnsCode(string text, string code)
    {
        Assert.True(Template.IsSingleExpression(text, out var actual));

        Assert.Equal(code, actual);
    }

    [Theory]
    [InlineData("x ${{ 3 }}")]
    [InlineData("${{ 3 }} x")]
    [InlineData("${{ 1 }}${{ 2 }}")]
    [InlineData("${{ 1 }} ${{ 2 }}")]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("${{ unterminated")]
    [InlineData("${{ }}")]
    public void IsSingleExpression_AnythingElse_ReturnsFalse(string text)
    {
        Assert.False(Template.IsSingleExpression(text, out var code));

        Assert.Equal("", code);
    }

    [Theory]
    [InlineData("${{ a }}", true)]
    [InlineData("x ${{", true)]
    [InlineData("{{ a }}", false)]
    [InlineData("$ {{ a }}", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ContainsExpression_LooksForTheOpeningDelimiter(string? text, bool expected)
    {
        Assert.Equal(expected, Template.ContainsExpression(text));
    }

    [Fact]
    public void IsExpressionNode_OnlyStringsWithExpressionsCount()
    {
        Assert.True(Template.IsExpressionNode(JsonValue.Create("${{ a }}")));
        Assert.True(Template.IsExpressionNode(JsonNode.Parse("\"x ${{ a }}\"")));
        Assert.False(Template.IsExpressionNode(JsonValue.Create("a")));
        Assert.False(Template.IsExpressionNode(JsonValue.Create(3)));
        Assert.False(Template.IsExpressionNode(new JsonArray("${{ a }}")));
        Assert.False(Template.IsExpressionNode(new JsonObject { ["a"] = "${{ a }}" }));
        Assert.False(Template.IsExpressionNode(null));
    }
}
