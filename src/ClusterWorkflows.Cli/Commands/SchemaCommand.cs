using System.CommandLine;
using System.Text.Json;
using ClusterWorkflows.Definitions;
using ClusterWorkflows.Hosting;

namespace ClusterWorkflows.Cli.Commands;

public static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of the runbook format (with every registered activity's inputs) for editors.");
        command.SetAction(_ => CliApp.Guard(() =>
        {
            Console.WriteLine(WorkflowSchema.Generate(EngineFactory.CreateCatalog()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
