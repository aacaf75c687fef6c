using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli.Commands;

public static class ResumeCommand
{
    public static Command Create()
    {
        var logs = new Option<bool>("--logs") { Description = "Print step log lines." };
        var command = new Command("resume", "Pick up interrupted, pending and due runs and drive them until they settle.") { logs };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var observer = new ConsoleRunObserver(parse.GetValue(logs), live: false);
            var services = await GlobalOptions.EngineAsync(parse, observer, ct);
            await using var store = services.Store;
            var count = await new WorkflowEngine(services).ProcessAvailableAsync(ct);
            Terminal.Out.MarkupLine(count == 0 ? "nothing to resume" : $"resumed {count} run(s)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
