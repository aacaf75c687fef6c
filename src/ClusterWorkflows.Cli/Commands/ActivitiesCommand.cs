using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            if (parse.GetValue(json))
            {
                var array = new JsonArray([.. services.Catalog.Descriptors.Select(d => d.ToJson())]);
                Console.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("Activity", "Category", "Inputs", "Description");
            foreach (var d in services.Catalog.Descriptors)
            {
                table.AddRow(Terminal.Esc(d.Reference), Terminal.Esc(d.Category), Terminal.Esc(string.Join(", ", d.Inputs.Select(i => i.Required ? i.Name + "*" : i.Name))), Terminal.Esc(d.Description));
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
