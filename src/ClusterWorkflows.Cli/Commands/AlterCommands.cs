using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>Operator decisions on a run. Each is audited; unless --detach, the run then continues in the foreground.</summary>
public static class AlterCommands
{
    private static Argument<string> RunArgument() => new("run") { Description = "Run id (or a unique prefix)." };

    private static Option<string?> ReasonOption() => new("--reason", "-m") { Description = "Why (written to the audit log)." };

    private static Option<string?> ActorOption() => new("--as") { Description = "Who decides (default $CW_USER, else the login name)." };

    private static Option<bool> DetachOption() => new("--detach") { Description = "Record the decision and exit; a worker continues the run." };

    private static Option<bool> LogsOption() => new("--logs") { Description = "Print step log lines while the run continues." };

    public static Command Retry()
    {
        var run = RunArgument();
        var step = new Option<string?>("--step") { Description = "The faulted step (needed with --input when several incidents are open)." };
        var inputs = new Option<string[]>("--input", "-i") { Description = "Edited input for the step, name=value (repeatable); JSON values are parsed." };
        var command = Build("retry", "Retry a faulted run from its failed step(s), optionally with edited inputs.", run, [step, inputs],
            async (parse, alter, id, actor, ct) =>
            {
                var edited = parse.GetValue(inputs) is { Length: > 0 } pairs ? EditedInputs(pairs) : null;
                return await alter.RetryAsync(id, parse.GetValue(step), edited, actor, ct);
            });
        return command;
    }

    public static Command Skip()
    {
        var run = RunArgument();
        var step = new Option<string>("--step") { Description = "The step path to skip.", Required = true };
        var output = new Option<string?>("--output") { Description = "The step's outputs as a JSON object, for later steps that read them." };
        return Build("skip", "Skip a step (a faulted one, or one not run yet) with given outputs and continue.", run, [step, output],
            async (parse, alter, id, actor, ct) =>
            {
                var outputs = parse.GetValue(output) is { } json ? InputParsing.ParseJsonObject(json, "--output") : null;
                return await alter.SkipAsync(id, parse.GetValue(step)!, outputs, actor, ct);
            });
    }

    public static Command ResumeFrom()
    {
        var run = RunArgument();
        var step = new Option<string>("--step") { Description = "Run again from this step: it and everything after it re-execute.", Required = true };
        return Build("resume-from", "Re-run a run from a chosen step (earlier steps keep their results).", run, [step],
            async (parse, alter, id, actor, ct) => await alter.ResumeFromAsync(id, parse.GetValue(step)!, actor, ct));
    }

    public static Command Cancel() =>
        Build("cancel", "Cancel a run; its finally blocks run.", RunArgument(), [],
            async (parse, alter, id, actor, ct) => await alter.CancelAsync(id, actor, ct));

    public static Command Approve(bool approve)
    {
        var run = RunArgument();
        var step = new Option<string?>("--step") { Description = "The approval step (needed when several wait)." };
        return Build(approve ? "approve" : "reject", approve ? "Approve a waiting approval step." : "Reject a waiting approval step (the step faults).", run, [step],
            async (parse, alter, id, actor, ct) => await alter.DecideAsync(id, parse.GetValue(step), approve, actor, ct));
    }

    private static Command Build(
        string name,
        string description,
        Argument<string> run,
        Option[] extra,
        Func<ParseResult, RunAlterations, Guid, Actor, CancellationToken, Task<RunRecord>> apply)
    {
        var reason = ReasonOption();
        var actor = ActorOption();
        var detach = DetachOption();
        var logs = LogsOption();
        var command = new Command(name, description) { run, reason, actor, detach, logs };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var observer = new ConsoleRunObserver(parse.GetValue(logs), Terminal.Interactive);
            var services = await GlobalOptions.EngineAsync(parse, observer, ct);
            await using var store = services.Store;
            var id = await RunIds.ResolveAsync(store, parse.GetValue(run)!, ct);
            var who = new Actor(GlobalOptions.Actor(parse.GetValue(actor)), parse.GetValue(reason), "cli");
            var updated = await apply(parse, new RunAlterations(services), id, who, ct);
            Terminal.Out.MarkupLine($"{name}: run [bold]{id}[/] is now {StatusText.Run(updated.Status)}");
            if (parse.GetValue(detach) || updated.Status is not (RunStatus.Pending))
            {
                return updated.Status == RunStatus.Faulted ? ExitCodes.Failed : ExitCodes.Ok;
            }

            var code = await RunFollower.FollowAsync(new WorkflowEngine(services), observer, id, ct);
            var final = await store.GetRunAsync(id, ct);
            return name == "cancel" && final?.Status == RunStatus.Cancelled ? ExitCodes.Ok : code;
        }));
        return command;
    }

    private static System.Text.Json.Nodes.JsonObject EditedInputs(string[] pairs)
    {
        var parsed = InputParsing.Parse(pairs, null);
        var typed = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in parsed)
        {
            var text = value!.GetValue<string>();
            try
            {
                typed[key] = System.Text.Json.Nodes.JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                typed[key] = text;
            }
        }

        return typed;
    }
}
