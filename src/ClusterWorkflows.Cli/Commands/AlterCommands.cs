using System.CommandLine;
using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>Operator decisions on a run. Each is audited; unless --detach, the run then continues in the foreground.</summary>
public static class AlterCommands
{
    private static Argument<string> RunArgument() => new("run") { Description = "Run id (or a unique prefix)." };

    private static Option<string?> ReasonOption() => new("--reason", "-m") { Description = "Why (written to the audit log)." };

    private static Option<string?> ActorOption() => new("--as") { Description = "Who decides (default $CW_USER, else the login name; a server records the token's name)." };

    private static Option<bool> DetachOption() => new("--detach") { Description = "Record the decision and exit; a worker (or the server) continues the run." };

    private static Option<bool> LogsOption() => new("--logs") { Description = "Print step log lines while the run continues." };

    public static Command Retry()
    {
        var step = new Option<string?>("--step") { Description = "The faulted step (needed with --input when several incidents are open)." };
        var inputs = new Option<string[]>("--input", "-i") { Description = "Edited input for the step, name=value (repeatable); JSON values are parsed." };
        return Build("retry", "Retry a faulted run from its failed step(s), optionally with edited inputs.", step, [inputs],
            parse => parse.GetValue(inputs) is { Length: > 0 } pairs ? EditedInputs(pairs) : null);
    }

    public static Command Skip()
    {
        var step = new Option<string?>("--step") { Description = "The step path to skip.", Required = true };
        var output = new Option<string?>("--output") { Description = "The step's outputs as a JSON object, for later steps that read them." };
        return Build("skip", "Skip a step (a faulted one, or one not run yet) with given outputs and continue.", step, [output],
            parse => parse.GetValue(output) is { } json ? InputParsing.ParseJsonObject(json, "--output") : null);
    }

    public static Command ResumeFrom() =>
        Build("resume-from", "Re-run a run from a chosen step (earlier steps keep their results).",
            new Option<string?>("--step") { Description = "Run again from this step: it and everything after it re-execute.", Required = true }, [], _ => null);

    public static Command Cancel() =>
        Build("cancel", "Cancel a run; its finally blocks run.", null, [], _ => null);

    public static Command Approve(bool approve) =>
        Build(approve ? "approve" : "reject", approve ? "Approve a waiting approval step." : "Reject a waiting approval step (the step faults).",
            new Option<string?>("--step") { Description = "The approval step (needed when several wait)." }, [], _ => null);

    /// <summary>One alteration command: <paramref name="name"/> is also the alteration's verb; <paramref name="values"/> reads its edited inputs or outputs.</summary>
    private static Command Build(string name, string description, Option<string?>? step, Option[] extra, Func<ParseResult, JsonObject?> values)
    {
        var run = RunArgument();
        var reason = ReasonOption();
        var actor = ActorOption();
        var detach = DetachOption();
        var logs = LogsOption();
        var command = new Command(name, description) { run, reason, actor, detach, logs };
        foreach (var option in (step is null ? extra : [step, .. extra]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var observer = new ConsoleRunObserver(parse.GetValue(logs), Terminal.Interactive);
            await using var backend = await Backend.OpenAsync(parse, observer, ct);
            var id = await RunIds.ResolveAsync(backend.Runs, parse.GetValue(run)!, ct);
            var alteration = new Alteration(name, id, step is null ? null : parse.GetValue(step), values(parse), parse.GetValue(reason), parse.GetValue(actor));
            var updated = await backend.Runs.AlterAsync(alteration, ct);
            Terminal.Out.MarkupLine($"{name}: run [bold]{id}[/] is now {StatusText.Run(updated.Status)}");
            if (parse.GetValue(detach) || updated.Status is not (RunStatus.Pending))
            {
                return updated.Status == RunStatus.Faulted ? ExitCodes.Failed : ExitCodes.Ok;
            }

            var code = await RunFollower.FollowAsync(backend.Runs, observer, id, ct);
            var final = await backend.Runs.GetAsync(id, ct);
            return name == "cancel" && final?.Run.Status == RunStatus.Cancelled ? ExitCodes.Ok : code;
        }));
        return command;
    }

    private static JsonObject EditedInputs(string[] pairs)
    {
        var parsed = InputParsing.Parse(pairs, null);
        var typed = new JsonObject();
        foreach (var (key, value) in parsed)
        {
            var text = value!.GetValue<string>();
            try
            {
                typed[key] = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                typed[key] = text;
            }
        }

        return typed;
    }
}
