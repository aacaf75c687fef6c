namespace ClusterWorkflows.Definitions.Tests.Validation;

public sealed class TriggerValidationTests
{
    private const string Inputs = """
        id: w
        version: 1
        inputs:
          cluster: { type: string, required: true, allowed: [a, b] }
          count: { type: integer, default: 1 }
        steps: [ { id: s, delay: 1s } ]
        triggers:

        """;

    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("*/15 0-6 * * MON-FRI")]
    [InlineData("30 0 3 * * *")]
    [InlineData("@daily")]
    public void Validate_GoodCron_IsClean(string cron)
    {
        Check.Clean(Inputs + $"  - cron: \"{cron}\"\n    inputs: {{ cluster: a }}\n");
    }

    [Theory]
    [InlineData("0 3 * *", "cron '0 3 * *' has 4 fields; write 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)")]
    [InlineData("61 3 * * *", "invalid cron '61 3 * * *':")]
    [InlineData("0 3 * * * * *", "cron '0 3 * * * * *' has 7 fields")]
    public void Validate_BadCron_IsReported(string cron, string message)
    {
        var diagnostic = Check.Single(Inputs + $"  - cron: \"{cron}\"\n    inputs: {{ cluster: a }}\n", DiagnosticCodes.InvalidCron, 8, 11);

        Assert.StartsWith(message, diagnostic.Message);
    }

    [Fact]
    public void Validate_UnknownTimeZone_SuggestsAnIanaName()
    {
        var diagnostic = Check.Single(Inputs + "  - cron: \"0 3 * * *\"\n    timezone: Europe/Madird\n    inputs: { cluster: a }\n", DiagnosticCodes.UnknownTimeZone, 9, 15);

        Assert.StartsWith("unknown time zone 'Europe/Madird' (did you mean 'Europe/Madrid'?)", diagnostic.Message);
    }

    [Fact]
    public void Validate_TriggerInputs_AreCheckedAgainstDeclaredInputs()
    {
        var diagnostics = Check.All(Inputs + """
              - cron: "0 3 * * *"
                inputs: { cluster: c, count: many, colour: red }
              - cron: "0 4 * * *"
                inputs: { cluster: "${{ 'a' }}" }
              - cron: "0 5 * * *"
            """);

        Assert.Equal(
            [
                (DiagnosticCodes.TriggerInputValue, "trigger input 'cluster' must be one of \"a\", \"b\", got \"c\""),
                (DiagnosticCodes.TriggerInputValue, "trigger input 'count' must be integer, got a string"),
                (DiagnosticCodes.TriggerUnknownInput, "the trigger sets input 'colour', which the workflow does not declare"),
                (DiagnosticCodes.TriggerInputValue, "trigger input 'cluster' must be a literal value: ${{ }} is not evaluated in triggers"),
                (DiagnosticCodes.TriggerMissingInput, "the workflow requires input 'cluster', which this trigger does not set (add it under the trigger's inputs)"),
            ],
            diagnostics.Select(d => (d.Code, d.Message)));
        Assert.Equal([(9, 15), (9, 27), (9, 40), (11, 15), (12, 5)], diagnostics.Select(d => (d.Location.Line, d.Location.Column)));
    }

    [Theory]
    [InlineData("{ path: /x, auth: hmac, secret: deploy-key }")]
    [InlineData("{ path: /alerts, format: alertmanager, auth: bearer, secret: am.token }")]
    [InlineData("{ path: \"/deploy/{cluster}\", auth: none }")]
    public void Validate_GoodHttpTrigger_IsClean(string http)
    {
        Check.Clean(Inputs + $"  - http: {http}\n");
    }

    [Theory]
    [InlineData("{ path: deploy }", DiagnosticCodes.InvalidHttpPath, "http path 'deploy' must start with '/'")]
    [InlineData("{ path: /x, methods: [post] }", DiagnosticCodes.InvalidHttpMethod, "unknown http method 'post'; allowed: GET, POST, PUT, PATCH, DELETE")]
    [InlineData("{ path: /x, methods: [] }", DiagnosticCodes.InvalidHttpMethod, "'methods' is empty")]
    [InlineData("{ path: /x, auth: basic }", DiagnosticCodes.InvalidValue, "http auth must be one of hmac, bearer, none, got 'basic'")]
    [InlineData("{ path: /x, auth: hmac }", DiagnosticCodes.MissingKey, "http auth 'hmac' needs 'secret': the name of the secret holding the shared key")]
    [InlineData("{ path: /x, auth: bearer }", DiagnosticCodes.MissingKey, "http auth 'bearer' needs 'secret': the name of the secret holding the shared token")]
    [InlineData("{ path: /x, auth: none, secret: k }", DiagnosticCodes.InvalidValue, "'secret' goes with auth hmac or bearer only")]
    [InlineData("{ path: /x, secret: k }", DiagnosticCodes.InvalidValue, "'secret' goes with auth hmac or bearer only")]
    [InlineData("{ path: /x, auth: hmac, secret: 9lives }", DiagnosticCodes.InvalidValue, "'9lives' is not a secret name")]
    [InlineData("{ path: /x, format: xml }", DiagnosticCodes.InvalidValue, "http format must be one of json, alertmanager, got 'xml'")]
    public void Validate_BadHttpTrigger_IsReported(string http, string code, string message)
    {
        var diagnostic = Check.Single(Inputs + $"  - http: {http}\n", code, 8);

        Assert.StartsWith(message, diagnostic.Message);
    }

    [Fact]
    public void Validate_SameHttpPathTwice_IsReported()
    {
        var diagnostic = Check.Single(Inputs + "  - http: { path: /x }\n  - http: { path: /x, methods: [GET] }\n", DiagnosticCodes.InvalidHttpPath, 9, 19);

        Assert.Equal("http path '/x' is used by more than one trigger", diagnostic.Message);
    }

    [Fact]
    public void Validate_HttpWithoutPath_IsReportedOnce()
    {
        var diagnostic = Check.Single(Inputs + "  - http: { methods: [GET] }\n", DiagnosticCodes.MissingKey);

        Assert.Contains("missing the required key 'path'", diagnostic.Message);
    }
}
