using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Tests.Loading;

public sealed class PositionTests
{
    private const string Yaml = """
        id: w
        version: 1
        inputs:
          cluster: { type: string, default: a }
        triggers:
          - cron: "0 3 * * *"
        steps:
          - id: first
            when: inputs.cluster == 'a'
            uses: core.log@1
            with:
              message: hi
              level:   info
          - id: group
            steps:
              -   id: inner
                  delay: 5s
        """;

    private static WorkflowDefinition Definition => Check.LoadValid(Yaml);

    [Fact]
    public void Load_Steps_LocationIsTheFirstKeyOfTheStep()
    {
        var definition = Definition;

        Assert.Equal(new SourceLocation(Check.File, 8, 5), definition.Steps[0].Location);
        Assert.Equal(new SourceLocation(Check.File, 14, 5), definition.Steps[1].Location);
        Assert.Equal(new SourceLocation(Check.File, 16, 11), definition.Steps[1].Children.Single().Location);
    }

    [Fact]
    public void Load_FieldLocations_PointAtValues()
    {
        var step = Definition.Steps[0];

        Assert.Equal(new SourceLocation(Check.File, 9, 11), step.FieldLocations["when"]);
        Assert.Equal(new SourceLocation(Check.File, 10, 11), step.FieldLocations["uses"]);
        Assert.Equal(new SourceLocation(Check.File, 1, 5), Definition.FieldLocations["id"]);
    }

    [Fact]
    public void Load_WithLocations_PointAtInputKeys()
    {
        var step = Assert.IsType<ActivityStep>(Definition.Steps[0]);

        Assert.Equal(new SourceLocation(Check.File, 12, 7), step.WithLocations["message"]);
        Assert.Equal(new SourceLocation(Check.File, 13, 7), step.WithLocations["level"]);
    }

    [Fact]
    public void Load_InputsAndTriggers_HaveLocations()
    {
        var definition = Definition;

        Assert.Equal(new SourceLocation(Check.File, 4, 3), definition.Inputs[0].Location);
        Assert.Equal(new SourceLocation(Check.File, 4, 37), definition.Inputs[0].FieldLocations["default"]);
        Assert.Equal(new SourceLocation(Check.File, 6, 5), definition.Triggers[0].Location);
        Assert.Equal(new SourceLocation(Check.File, 1, 1), definition.Location);
    }

    [Fact]
    public void Load_UnknownKey_IsReportedAtTheKey()
    {
        var diagnostic = Check.Single("id: w\nversion: 1\nsteps:\n  - id: a\n    uses: core.log\n    wiht: { message: x }\n", DiagnosticCodes.UnknownKey, 6, 5);

        Assert.Equal("a", diagnostic.StepPath);
    }

    [Fact]
    public void Load_WrongType_IsReportedAtTheValue()
    {
        Check.Single("id: w\nversion: one\nsteps: [ { id: a, delay: 1s } ]\n", DiagnosticCodes.WrongType, 2, 10);
    }

    [Fact]
    public void Load_SyntaxError_IsReportedWhereTheParserStopped()
    {
        var diagnostic = Check.Single("id: w\nversion: 1\nsteps:\n  - id: a\n   delay: 1s\n", DiagnosticCodes.YamlSyntax);

        Assert.Equal(5, diagnostic.Location.Line);
    }

    [Fact]
    public void Diagnostic_ToString_IsFileLineColumnPathMessage()
    {
        var diagnostic = new Diagnostic("x.y", "went wrong", new SourceLocation("a.yaml", 3, 7), "deploy/each");

        Assert.Equal("a.yaml:3:7: deploy/each: went wrong", diagnostic.ToString());
        Assert.Equal("a.yaml:3:7: went wrong", (diagnostic with { StepPath = null }).ToString());
        Assert.Equal("went wrong", (diagnostic with { Location = SourceLocation.None, StepPath = null }).ToString());
    }

    [Fact]
    public void Load_FileName_AppearsInEveryLocation()
    {
        var result = DefinitionLoader.Parse("id: w\nversion: x\nbogus: 1\n", "runbooks/w.yaml");

        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.Equal("runbooks/w.yaml", d.Location.File));
    }
}
