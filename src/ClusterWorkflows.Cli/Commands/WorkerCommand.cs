using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli.Commands;

public static class WorkerCommand
{
    public static Command Create()
    {
        var parallel = new Option<int>("--parallel") { Description = "Runs executed at once.", DefaultValueFactory = _ => 4 };
        var logs = new Option<bool>("--logs") { Description = "Print step log lines." };
        var command = new Command("worker", "Run as a worker: execute runs (new, interrupted, due timers) until stopped with Ctrl+C or SIGTERM.") { parallel, logs };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var observer = new ConsoleRunObserver(parse.GetValue(logs), live: false);
            var services = await GlobalOptions.EngineAsync(parse, observer, ct);
            await using var store = services.Store;
            Terminal.Out.MarkupLine($"worker {Terminal.Esc(services.Options.WorkerId)} on {Terminal.Esc(GlobalOptions.Settings(parse).Database)}; Ctrl+C stops and hands runs back");
            try
            {
                await new WorkflowEngine(services).WorkAsync(parse.GetValue(parallel), TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
