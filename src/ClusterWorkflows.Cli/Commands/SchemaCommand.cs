using System.CommandLine;
using System.Text.Json;
using ClusterWorkflows.Definitions;

namespace ClusterWorkflows.Cli.Commands;

public static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of the runbook format (with every registered activity's inputs) for editors.");
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            Console.WriteLine(WorkflowSchema.Generate(services.Catalog).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
