using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Store;
using Spectre.Console;

namespace ClusterWorkflows.Cli.Commands;

public static class ShowCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run id (or a unique prefix)." };
        var json = new Option<bool>("--json") { Description = "The run and its whole journal as JSON." };
        var all = new Option<bool>("--all") { Description = "Every attempt, superseded ones included (default: the latest attempt of each step)." };
        var command = new Command("show", "Show a run and its journal.") { run, json, all };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            var id = await RunIds.ResolveAsync(backend.Runs, parse.GetValue(run)!, ct);
            var (record, journal) = await backend.Runs.GetAsync(id, ct) ?? throw new UsageException($"run {id} does not exist");
            var shown = parse.GetValue(all) ? journal : Incidents.Latest(journal);
            if (parse.GetValue(json))
            {
                Console.WriteLine(ToJson(record, shown).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            var o = Terminal.Out;
            o.MarkupLine($"run [bold]{record.Id}[/] {Terminal.Esc(record.DefinitionId)}@{record.DefinitionVersion} {StatusText.Run(record.Status)}{(record.CheckMode ? " (check mode)" : "")}");
            o.WriteLine($"created {record.CreatedAt:u} by {record.CreatedBy}; inputs {record.Inputs.ToJsonString()}");
            if (record.Error is not null)
            {
                o.MarkupLine($"[red]error:[/] {Terminal.Esc(record.Error)}");
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("#", "Step", "Attempt", "Status", "Duration", "Detail");
            foreach (var r in shown)
            {
                var detail = r.Error is not null ? $"{r.Error.Code}: {r.Error.Message}" : r.Outputs is { Count: > 0 } outs ? Shorten(outs.ToJsonString()) : "";
                table.AddRow(r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Terminal.Esc(r.StepPath), r.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), StatusText.Step(r) + (r.Superseded ? " [grey](superseded)[/]" : ""), StatusText.Duration(r), Terminal.Esc(detail));
            }

            o.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";

    public static JsonObject ToJson(RunRecord run, IEnumerable<JournalRecord> journal) => new()
    {
        ["id"] = run.Id.ToString(),
        ["workflow"] = run.DefinitionId,
        ["version"] = run.DefinitionVersion,
        ["status"] = run.Status.ToString().ToLowerInvariant(),
        ["checkMode"] = run.CheckMode,
        ["inputs"] = run.Inputs.DeepClone(),
        ["variables"] = run.Variables.DeepClone(),
        ["outputs"] = run.Outputs?.DeepClone(),
        ["error"] = run.Error,
        ["createdAt"] = run.CreatedAt,
        ["startedAt"] = run.StartedAt,
        ["endedAt"] = run.EndedAt,
        ["journal"] = new JsonArray(journal.Select(r => (JsonNode?)new JsonObject
        {
            ["sequence"] = r.Sequence,
            ["path"] = r.StepPath,
            ["step"] = r.StepId,
            ["item"] = r.ItemKey,
            ["attempt"] = r.Attempt,
            ["status"] = r.Status.ToString().ToLowerInvariant(),
            ["changed"] = r.Changed,
            ["handled"] = r.Handled,
            ["superseded"] = r.Superseded,
            ["startedAt"] = r.StartedAt,
            ["endedAt"] = r.EndedAt,
            ["inputs"] = r.Inputs?.DeepClone(),
            ["outputs"] = r.Outputs?.DeepClone(),
            ["error"] = r.Error is null ? null : new JsonObject { ["code"] = r.Error.Code, ["message"] = r.Error.Message, ["retryable"] = r.Error.Retryable },
            ["dueAt"] = r.DueAt,
            ["bookmark"] = r.Bookmark?.DeepClone(),
            ["worker"] = r.WorkerId,
        }).ToArray()),
    };
}
