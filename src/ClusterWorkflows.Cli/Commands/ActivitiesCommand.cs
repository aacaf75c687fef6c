using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using Spectre.Console;

namespace ClusterWorkflows.Cli.Commands;

public static class ActivitiesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Descriptors with the JSON Schema of inputs and outputs." };
        var command = new Command("activities", "List the registered activities (the catalog the designer's palette uses).") { json };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            var activities = await backend.Activities.ListAsync(ct);
            if (parse.GetValue(json))
            {
                var array = new JsonArray([.. activities.Select(a => a.DeepClone())]);
                Console.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("Activity", "Category", "Inputs", "Description");
            foreach (var a in activities)
            {
                table.AddRow(Terminal.Esc(a["reference"]?.ToString()), Terminal.Esc(a["category"]?.ToString()), Terminal.Esc(string.Join(", ", Inputs(a))), Terminal.Esc(a["description"]?.ToString()));
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The input names from the inputs' JSON Schema, a required one marked with *.</summary>
    private static IEnumerable<string> Inputs(JsonObject activity)
    {
        var schema = activity["inputs"] as JsonObject;
        var required = (schema?["required"] as JsonArray)?.Select(r => r?.ToString()).ToHashSet(StringComparer.Ordinal) ?? [];
        return (schema?["properties"] as JsonObject ?? []).Select(p => required.Contains(p.Key) ? p.Key + "*" : p.Key);
    }
}
