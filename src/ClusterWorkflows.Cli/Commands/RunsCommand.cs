using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Store;
using Spectre.Console;

namespace ClusterWorkflows.Cli.Commands;

public static class RunsCommand
{
    public static Command Create()
    {
        var status = new Option<RunStatus?>("--status") { Description = "Only runs with this status (pending, running, waiting, faulted, completed, cancelled)." };
        var workflow = new Option<string?>("--workflow") { Description = "Only runs of this workflow id." };
        var limit = new Option<int>("--limit") { Description = "How many (newest first).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("runs", "List runs, newest first.") { status, workflow, limit, json };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            var runs = await backend.Runs.ListAsync(new RunQuery { Status = parse.GetValue(status), DefinitionId = parse.GetValue(workflow), Limit = parse.GetValue(limit) }, ct);
            if (parse.GetValue(json))
            {
                var array = new JsonArray(runs.Select(r => (JsonNode?)new JsonObject
                {
                    ["id"] = r.Id.ToString(),
                    ["workflow"] = r.DefinitionId,
                    ["version"] = r.DefinitionVersion,
                    ["status"] = r.Status.ToString().ToLowerInvariant(),
                    ["createdAt"] = r.CreatedAt,
                    ["endedAt"] = r.EndedAt,
                    ["error"] = r.Error,
                }).ToArray());
                Console.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("Run", "Workflow", "Status", "Created", "Error");
            foreach (var r in runs)
            {
                table.AddRow(r.Id.ToString(), Terminal.Esc($"{r.DefinitionId}@{r.DefinitionVersion}"), StatusText.Run(r.Status), r.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), Terminal.Esc(r.Error ?? ""));
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
