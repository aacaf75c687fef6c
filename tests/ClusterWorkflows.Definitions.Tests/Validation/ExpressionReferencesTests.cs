using ClusterWorkflows.Definitions.Validation;

namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class ExpressionReferencesTests
{
    private static List<string> Find(string code) =>
        ExpressionReferences.Find(code).Select(r => $"{r.Root}{string.Concat(r.Path.Select(p => "." + (p ?? "?")))}").ToList();

    [Theory]
    [InlineData("steps.build.outputs.image", "steps.build.outputs.image")]
    [InlineData("steps['build'].outputs[0]", "steps.build.outputs.0")]
    [InlineData("steps?.build?.outputs", "steps.build.outputs")]
    [InlineData("(inputs).count", "inputs.count")]
    [InlineData("inputs[vars.key]", "vars.key|inputs.?")]
    [InlineData("inputs.hosts.map(h => h.name + item)", "inputs.hosts.map|item")]
    [InlineData("({ a: vars.x, [inputs.k]: 1, run })", "vars.x|inputs.k|run")]
    [InlineData("`${inputs.a}-${index}`", "inputs.a|index")]
    [InlineData("[1].map(function f({ a, b: [c] }, d = inputs.n, ...rest) { let e = a; return e + c + d + rest.length + f.length; })", "inputs.n")]
    [InlineData("(() => { try { return 1 } catch (err) { return err } })()", "")]
    [InlineData("Math.max(1, 2) + JSON.stringify(null)", "Math.max|JSON.stringify")]
    public void Find_Expression_ReturnsFreeNamesWithPaths(string code, string expected)
    {
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), Find(code));
    }

    [Fact]
    public void Find_InvalidCode_ReturnsNothing()
    {
        Assert.Empty(ExpressionReferences.Find("inputs.a +"));
    }
}
