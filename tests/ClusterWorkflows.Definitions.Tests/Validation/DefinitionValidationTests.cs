using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Definitions.Tests.TestActivities;

namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class DefinitionValidationTests
{
    private const string Steps = "steps: [ { id: a, delay: 1s } ]\n";

    [Fact]
    public void Validate_CompleteRunbook_HasNoDiagnostics()
    {
        Check.Clean("""
            id: deploy-app
            version: 3
            description: Rolls a new image out
            inputs:
              cluster: { type: string, required: true, allowed: [a, b] }
              image: { type: string, default: "nginx:1" }
              replicas: { type: integer, default: 2, allowed: [1, 2, 3] }
              ratio: { type: number, default: 0.5 }
              dry: { type: boolean, default: false }
              hosts: { type: array, default: [h1] }
              extra: { type: object, default: { a: 1 } }
              token: { type: string, secret: true }
            concurrency: "cluster-${{ inputs.cluster }}-${{ inputs.image }}"
            triggers:
              - cron: "0 3 * * *"
                timezone: Europe/Madrid
                inputs: { cluster: a, replicas: 3 }
              - cron: "*/30 * * * * *"
                inputs: { cluster: b }
              - http: { path: "/deploy/{cluster}", methods: [POST, PUT], auth: hmac, secret: deploy-hook-key }
            outputs:
              code: "${{ steps.run.outputs.exitCode }}"
              status: "${{ steps.probe.outputs.status }}"
            steps:
              - id: run
                uses: core.command@1
                with: { command: deploy, args: ["${{ inputs.image }}"], timeout: 5m }
              - id: probe
                uses: core.http
                with: { url: "https://${{ inputs.cluster }}/health", expectStatus: [200], bearerToken: "${{ secrets.token }}" }
                retry: { maxAttempts: 5, delay: 2s, maxDelay: 30s, on: [http.status] }
                timeout: 1m
            """);
    }

    [Theory]
    [InlineData("Deploy", "definition.invalid-id")]
    [InlineData("-deploy", "definition.invalid-id")]
    [InlineData("deploy app", "definition.invalid-id")]
    public void Validate_BadWorkflowId_IsReported(string id, string code)
    {
        var diagnostic = Check.Single($"id: \"{id}\"\nversion: 1\n" + Steps, code, 1, 5);

        Assert.Contains("must match ^[a-z0-9][a-z0-9._-]{0,127}$", diagnostic.Message);
    }

    [Fact]
    public void Validate_VersionZero_IsReported()
    {
        Check.Single("id: w\nversion: 0\n" + Steps, DiagnosticCodes.InvalidVersion, 2, 10);
    }

    [Fact]
    public void Validate_ModelBuiltInCode_ReportsMissingIdAndVersion()
    {
        var definition = new WorkflowDefinition { Id = "", Version = 0, Steps = [new DelayStep { Id = "a", Duration = "1s" }] };

        var diagnostics = new WorkflowValidator(TestCatalog.Instance).Validate(definition);

        Assert.Equal([DiagnosticCodes.MissingKey, DiagnosticCodes.InvalidVersion], diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Validate_EmptySteps_IsReported()
    {
        var diagnostic = Check.Single("id: w\nversion: 1\nsteps: []\n", DiagnosticCodes.EmptyStepList, 3, 8);

        Assert.Contains("at least one step", diagnostic.Message);
    }

    [Theory]
    [InlineData("cluster-name: {}", DiagnosticCodes.InvalidInputName, "input name 'cluster-name' must match")]
    [InlineData("n: { type: integer, default: two }", DiagnosticCodes.InputDefaultType, "default of input 'n' must be integer, got a string")]
    [InlineData("n: { type: integer, default: 1.5 }", DiagnosticCodes.InputDefaultType, "default of input 'n' must be integer, got a number")]
    [InlineData("b: { type: boolean, default: \"true\" }", DiagnosticCodes.InputDefaultType, "default of input 'b' must be boolean, got a string")]
    [InlineData("l: { type: array, default: x }", DiagnosticCodes.InputDefaultType, "default of input 'l' must be array, got a string")]
    [InlineData("env: { allowed: [dev, prod], default: test }", DiagnosticCodes.InputDefaultNotAllowed, "default \"test\" of input 'env' is not one of its allowed values (\"dev\", \"prod\")")]
    [InlineData("n: { type: integer, allowed: [1, two] }", DiagnosticCodes.InputAllowedType, "allowed value \"two\" is a string, not integer")]
    [InlineData("pw: { secret: true, default: hunter2 }", DiagnosticCodes.InputSecretDefault, "secret input 'pw' may not have a default")]
    [InlineData("e: { allowed: [] }", DiagnosticCodes.InvalidValue, "'allowed' is empty")]
    public void Validate_BadInput_IsReported(string input, string code, string message)
    {
        var diagnostic = Check.Single($"id: w\nversion: 1\ninputs:\n  {input}\n" + Steps, code);

        Assert.Contains(message, diagnostic.Message);
        Assert.Equal(4, diagnostic.Location.Line);
        Assert.Null(diagnostic.StepPath);
    }

    [Fact]
    public void Validate_SecretDefault_DoesNotEchoTheValue()
    {
        var diagnostic = Check.Single("id: w\nversion: 1\ninputs:\n  pw: { secret: true, default: hunter2 }\n" + Steps, DiagnosticCodes.InputSecretDefault);

        Assert.DoesNotContain("hunter2", diagnostic.ToString());
    }

    [Fact]
    public void Validate_BadOutputName_IsReported()
    {
        Check.Single("id: w\nversion: 1\noutputs:\n  bad-name: 1\n" + Steps, DiagnosticCodes.InvalidOutputName, 4, 13);
    }

    [Fact]
    public void Validate_ConcurrencyReadingSteps_IsNotAvailable()
    {
        var diagnostic = Check.Single("id: w\nversion: 1\nconcurrency: \"k-${{ steps.a.outputs.x }}\"\n" + Steps, DiagnosticCodes.RootNotAvailable, 3, 14);

        Assert.Contains("'steps' is not available in 'concurrency' (the key is computed when the run is queued", diagnostic.Message);
    }

    [Fact]
    public void Validate_ConcurrencyReadingInventory_IsNotAvailable()
    {
        var diagnostic = Check.Single("id: w\nversion: 1\nconcurrency: \"k-${{ inventory.name }}\"\n" + Steps, DiagnosticCodes.RootNotAvailable);

        Assert.EndsWith("available here: inputs", diagnostic.Message);
    }

    [Fact]
    public void Validate_LiteralConcurrency_IsFine()
    {
        Check.Clean("id: w\nversion: 1\nconcurrency: swarm-prod\n" + Steps);
    }

    [Fact]
    public void Validate_DuplicateInputsBuiltInCode_AreReported()
    {
        var definition = new WorkflowDefinition
        {
            Id = "w",
            Version = 1,
            Inputs = [new InputDefinition { Name = "a" }, new InputDefinition { Name = "a", Default = JsonValue.Create("x") }],
            Steps = [new DelayStep { Id = "d", Duration = "1s" }],
        };

        var diagnostic = Assert.Single(new WorkflowValidator(TestCatalog.Instance).Validate(definition));

        Assert.Equal("input 'a' is declared more than once", diagnostic.Message);
    }
}
