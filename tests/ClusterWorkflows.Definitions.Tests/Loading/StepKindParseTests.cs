using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Tests.Loading;

public sealed class StepKindParseTests
{
    private static Step Only(string stepsYaml)
    {
        var definition = Check.LoadValid("id: w\nversion: 1\nsteps:\n" + stepsYaml);
        return Assert.Single(definition.Steps);
    }

    [Fact]
    public void Parse_ActivityStepWithVersion_SplitsUsesAndReadsTypedInputs()
    {
        var step = Assert.IsType<ActivityStep>(Only("""
              - id: hello
                uses: core.log@1
                idempotent: false
                with:
                  message: "hi ${{ inputs.name }}"
                  count: 3
                  ratio: 0.5
                  flag: true
                  nothing: null
                  quoted: "42"
                  list: [1, two]
                  map: { a: { b: c } }
            """));

        Assert.Equal("core.log", step.Uses);
        Assert.Equal(1, step.UsesVersion);
        Assert.False(step.Idempotent);
        Assert.Equal("hi ${{ inputs.name }}", step.With["message"]!.GetValue<string>());
        Assert.Equal(3L, step.With["count"]!.GetValue<long>());
        Assert.Equal(0.5, step.With["ratio"]!.GetValue<double>());
        Assert.True(step.With["flag"]!.GetValue<bool>());
        Assert.True(step.With.ContainsKey("nothing"));
        Assert.Null(step.With["nothing"]);
        Assert.Equal("42", step.With["quoted"]!.GetValue<string>());
        Assert.Equal("""[1,"two"]""", step.With["list"]!.ToJsonString());
        Assert.Equal("""{"a":{"b":"c"}}""", step.With["map"]!.ToJsonString());
    }

    [Fact]
    public void Parse_BareUses_LeavesVersionNullAndIdempotentUnset()
    {
        var step = Assert.IsType<ActivityStep>(Only("  - id: a\n    uses: core.log\n    with: { message: x }\n"));

        Assert.Equal("core.log", step.Uses);
        Assert.Null(step.UsesVersion);
        Assert.Null(step.Idempotent);
    }

    [Fact]
    public void Parse_YamlOneOneWords_StayStrings()
    {
        var step = Assert.IsType<ActivityStep>(Only("  - id: a\n    uses: core.log\n    with: { message: yes, level: off }\n"));

        Assert.Equal("yes", step.With["message"]!.GetValue<string>());
        Assert.Equal("off", step.With["level"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_CommonFields_AreRead()
    {
        var step = Only("""
              - id: a
                name: Say hello
                when: inputs.count > 1
                timeout: 1m30s
                continueOnError: true
                retry: { maxAttempts: 4, delay: 2s, backoff: linear, maxDelay: 1m, on: [http.timeout, ssh.refused] }
                uses: core.log
                with: { message: x }
            """);

        Assert.Equal("Say hello", step.Name);
        Assert.Equal("inputs.count > 1", step.When);
        Assert.Equal(TimeSpan.FromSeconds(90), step.Timeout);
        Assert.True(step.ContinueOnError);
        Assert.Equal(
            new RetryPolicy { MaxAttempts = 4, Delay = TimeSpan.FromSeconds(2), Backoff = BackoffKind.Linear, MaxDelay = TimeSpan.FromMinutes(1), On = step.Retry!.On },
            step.Retry);
        Assert.Equal(["http.timeout", "ssh.refused"], step.Retry.On);
    }

    [Fact]
    public void Parse_RetryWithOnlyAttempts_KeepsDefaults()
    {
        var retry = Only("  - id: a\n    retry: { maxAttempts: 2 }\n    uses: core.log\n    with: { message: x }\n").Retry!;

        Assert.Equal(2, retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Equal(BackoffKind.Exponential, retry.Backoff);
        Assert.Equal(TimeSpan.FromMinutes(5), retry.MaxDelay);
        Assert.Empty(retry.On);
    }

    [Fact]
    public void Parse_Sequence_ReadsChildren()
    {
        var step = Assert.IsType<SequenceStep>(Only("""
              - id: group
                steps:
                  - { id: a, delay: 1s }
                  - { id: b, delay: 2s }
            """));

        Assert.Equal(["a", "b"], step.Steps.Select(s => s.Id));
        Assert.Equal(step.Steps, step.Children);
    }

    [Fact]
    public void Parse_Parallel_EachEntryIsABranch()
    {
        var step = Assert.IsType<ParallelStep>(Only("""
              - id: both
                parallel:
                  - { id: left, delay: 1s }
                  - id: right
                    steps: [ { id: r1, delay: 1s } ]
            """));

        Assert.Equal(["left", "right"], step.Branches.Select(s => s.Id));
        Assert.IsType<SequenceStep>(step.Branches[1]);
    }

    [Fact]
    public void Parse_ForEachWithExpression_ReadsEveryField()
    {
        var step = Assert.IsType<ForEachStep>(Only("""
              - id: each
                forEach: ${{ inventory.groups.workers }}
                as: host
                concurrency: 3
                serial: [1, 30%, 100%]
                maxFailPercentage: 25
                steps:
                  - { id: restart, delay: 1s }
            """));

        Assert.Equal("${{ inventory.groups.workers }}", step.Items.GetValue<string>());
        Assert.Equal("host", step.As);
        Assert.Equal(3, step.Concurrency);
        Assert.Equal([new BatchSize(1, false), new BatchSize(30, true), new BatchSize(100, true)], step.Serial);
        Assert.Equal(25, step.MaxFailPercentage);
        Assert.Equal("restart", Assert.Single(step.Steps).Id);
    }

    [Fact]
    public void Parse_ForEachWithLiteralList_HasDefaults()
    {
        var step = Assert.IsType<ForEachStep>(Only("""
              - id: each
                forEach: [a, b, { name: c }]
                maxFailPercentage: 20%
                serial: 2
                steps: [ { id: x, delay: 1s } ]
            """));

        Assert.Equal("""["a","b",{"name":"c"}]""", step.Items.ToJsonString());
        Assert.Equal("item", step.As);
        Assert.Equal(5, step.Concurrency);
        Assert.Equal([new BatchSize(2, false)], step.Serial);
        Assert.Equal(20, step.MaxFailPercentage);
    }

    [Fact]
    public void Parse_If_ReadsConditionThenElse()
    {
        var step = Assert.IsType<IfStep>(Only("""
              - id: check
                if: ${{ inputs.count > 1 }}
                then: [ { id: yes_branch, delay: 1s } ]
                else: [ { id: no_branch, delay: 1s } ]
            """));

        Assert.Equal("${{ inputs.count > 1 }}", step.Condition);
        Assert.Equal("yes_branch", Assert.Single(step.Then).Id);
        Assert.Equal("no_branch", Assert.Single(step.Else).Id);
    }

    [Fact]
    public void Parse_Switch_ReadsCasesInOrderAndDefault()
    {
        var step = Assert.IsType<SwitchStep>(Only("""
              - id: pick
                switch: inputs.env
                cases:
                  prod: [ { id: p, delay: 1s } ]
                  1: [ { id: one, delay: 1s } ]
                default: [ { id: d, delay: 1s } ]
            """));

        Assert.Equal("inputs.env", step.Value);
        Assert.Equal(["prod", "1"], step.Cases.Select(c => c.Match));
        Assert.Equal("one", Assert.Single(step.Cases[1].Steps).Id);
        Assert.Equal("d", Assert.Single(step.Default).Id);
    }

    [Fact]
    public void Parse_Try_ReadsTryCatchFinally()
    {
        var step = Assert.IsType<TryStep>(Only("""
              - id: guarded
                try: [ { id: t, delay: 1s } ]
                catch: [ { id: c, delay: 1s } ]
                finally: [ { id: f, delay: 1s } ]
            """));

        Assert.Equal(["t", "c", "f"], step.Children.Select(s => s.Id));
    }

    [Fact]
    public void Parse_Approval_ReadsEveryField()
    {
        var step = Assert.IsType<ApprovalStep>(Only("""
              - id: ok
                approval:
                  message: Fail over to ${{ inputs.site }}?
                  approvers: [alice, bob, carol]
                  role: sre
                  minApprovals: 2
                  timeout: 4h
            """));

        Assert.Equal("Fail over to ${{ inputs.site }}?", step.Message);
        Assert.Equal(["alice", "bob", "carol"], step.Approvers);
        Assert.Equal("sre", step.Role);
        Assert.Equal(2, step.MinApprovals);
        Assert.Equal(TimeSpan.FromHours(4), step.ApprovalTimeout);
    }

    [Fact]
    public void Parse_EmptyApproval_UsesDefaults()
    {
        var step = Assert.IsType<ApprovalStep>(Only("  - id: ok\n    approval:\n"));

        Assert.Equal(1, step.MinApprovals);
        Assert.Empty(step.Approvers);
        Assert.Null(step.ApprovalTimeout);
    }

    [Fact]
    public void Parse_DelayAndWaitUntil_KeepTheirText()
    {
        var definition = Check.LoadValid("""
            id: w
            version: 1
            steps:
              - { id: pause, delay: 30s }
              - { id: later, delay: "${{ inputs.wait }}" }
              - { id: until, waitUntil: 2026-12-01T03:00:00Z }
            """);

        Assert.Equal("30s", Assert.IsType<DelayStep>(definition.Steps[0]).Duration);
        Assert.Equal("${{ inputs.wait }}", Assert.IsType<DelayStep>(definition.Steps[1]).Duration);
        Assert.Equal("2026-12-01T03:00:00Z", Assert.IsType<WaitUntilStep>(definition.Steps[2]).Until);
    }

    [Fact]
    public void Parse_Call_ReadsWorkflowVersionAndInputs()
    {
        var step = Assert.IsType<CallStep>(Only("""
              - id: sub
                call:
                  workflow: backup
                  version: 2
                  with: { target: s3, keep: 7 }
            """));

        Assert.Equal("backup", step.Workflow);
        Assert.Equal(2, step.Version);
        Assert.Equal("""{"target":"s3","keep":7}""", step.With.ToJsonString());
    }

    [Fact]
    public void Parse_WorkflowLevelFields_AreRead()
    {
        var definition = Check.LoadValid("""
            id: deploy-app
            version: 3
            description: Deploys the app
            inputs:
              cluster: { type: string, required: true, allowed: [a, b], description: Which cluster }
              replicas: { type: integer, default: 2 }
              token: { type: string, secret: true }
              plain:
            concurrency: "cluster-${{ inputs.cluster }}"
            triggers:
              - cron: "0 3 * * *"
                timezone: Europe/Madrid
                inputs: { cluster: a }
              - http: { path: /deploy, methods: [POST, PUT], auth: bearer }
            outputs:
              done: "${{ steps.a.outputs.name }}"
              fixed: 1
            steps:
              - { id: a, uses: core.setVariable, with: { name: x, value: 1 } }
            """);

        Assert.Equal("deploy-app", definition.Id);
        Assert.Equal(3, definition.Version);
        Assert.Equal("deploy-app@3", definition.Reference);
        Assert.Equal("Deploys the app", definition.Description);
        Assert.Equal("cluster-${{ inputs.cluster }}", definition.Concurrency);

        var cluster = definition.Inputs[0];
        Assert.Equal(("cluster", InputType.String, true, "Which cluster"), (cluster.Name, cluster.Type, cluster.Required, cluster.Description));
        Assert.Equal(["a", "b"], cluster.Allowed!.Select(a => a!.GetValue<string>()));
        Assert.Equal(2L, definition.Inputs[1].Default!.GetValue<long>());
        Assert.Equal(InputType.Integer, definition.Inputs[1].Type);
        Assert.True(definition.Inputs[2].Secret);
        Assert.Equal(("plain", InputType.String, false), (definition.Inputs[3].Name, definition.Inputs[3].Type, definition.Inputs[3].Required));

        var cron = Assert.IsType<CronTrigger>(definition.Triggers[0]);
        Assert.Equal(("0 3 * * *", "Europe/Madrid"), (cron.Schedule, cron.TimeZone));
        Assert.Equal("""{"cluster":"a"}""", cron.Inputs.ToJsonString());
        var http = Assert.IsType<HttpTrigger>(definition.Triggers[1]);
        Assert.Equal(("/deploy", "bearer"), (http.Path, http.Auth));
        Assert.Equal(["POST", "PUT"], http.Methods);

        Assert.Equal("${{ steps.a.outputs.name }}", definition.Outputs["done"]!.GetValue<string>());
        Assert.Equal(1L, definition.Outputs["fixed"]!.GetValue<long>());
    }

    [Fact]
    public void Parse_TriggerDefaults_AreUtcAndPost()
    {
        var definition = Check.LoadValid("""
            id: w
            version: 1
            triggers:
              - cron: "*/5 * * * *"
              - http: { path: /hook }
            steps: [ { id: a, delay: 1s } ]
            """);

        Assert.Equal("UTC", Assert.IsType<CronTrigger>(definition.Triggers[0]).TimeZone);
        var http = Assert.IsType<HttpTrigger>(definition.Triggers[1]);
        Assert.Equal(["POST"], http.Methods);
        Assert.Null(http.Auth);
    }

    [Fact]
    public void Parse_JsonDocument_IsAccepted()
    {
        var result = DefinitionLoader.Parse("""
            {
            	"id": "from-json",
            	"version": 2,
            	"steps": [
            		{ "id": "a", "uses": "core.log@1", "with": { "message": "hi", "n": 1.5, "ok": false } }
            	]
            }
            """, "w.json");

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var step = Assert.IsType<ActivityStep>(Assert.Single(result.Definition!.Steps));
        Assert.Equal("""{"message":"hi","n":1.5,"ok":false}""", step.With.ToJsonString());
        Assert.Equal(("from-json", 2), (result.Definition.Id, result.Definition.Version));
    }

    [Fact]
    public void Parse_NestedSteps_PathsFollowIds()
    {
        var definition = Check.LoadValid("""
            id: w
            version: 1
            steps:
              - id: deploy
                steps:
                  - id: each
                    forEach: [a]
                    steps:
                      - id: restart
                        uses: core.nope
            """);

        // The loader does not check activities; the validator reports with the full path.
        var diagnostic = Assert.Single(new WorkflowValidator(TestActivities.TestCatalog.Instance).Validate(definition));
        Assert.Equal("deploy/each/restart", diagnostic.StepPath);
    }

    [Fact]
    public void Parse_SharedEmptyWith_IsAJsonObject()
    {
        var step = Assert.IsType<ActivityStep>(Only("  - id: a\n    uses: core.fail\n"));

        Assert.IsType<JsonObject>(step.With);
        Assert.Empty(step.With);
        Assert.Empty(step.WithLocations);
    }
}
