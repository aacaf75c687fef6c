using System.CommandLine;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Cli.Commands;

public static class WorkerCommand
{
    public static Command Create()
    {
        var parallel = new Option<int>("--parallel") { Description = "Runs executed at once.", DefaultValueFactory = _ => 4 };
        var logs = new Option<bool>("--logs") { Description = "Print step log lines." };
        var keep = new Option<string>("--keep") { Description = "Delete completed and cancelled runs older than this (e.g. 30d; 'forever' keeps all).", DefaultValueFactory = _ => "30d" };
        var noSchedules = new Option<bool>("--no-schedules") { Description = "Do not fire cron schedules on this node." };
        var command = new Command("worker", "Run as a worker: execute runs (new, interrupted, due timers), fire schedules and prune old runs until stopped with Ctrl+C or SIGTERM (running runs are handed back).") { parallel, logs, keep, noSchedules };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var keepText = parse.GetValue(keep)!;
            TimeSpan? retention = keepText == "forever" ? null : Duration.TryParse(keepText, out var k) ? k : throw new UsageException($"--keep '{keepText}' is not a duration (e.g. 30d) or 'forever'");
            var observer = new ConsoleRunObserver(parse.GetValue(logs), live: false);
            var services = await GlobalOptions.EngineAsync(parse, observer, ct);
            await using var store = services.Store;
            var engine = new WorkflowEngine(services);
            Terminal.Out.MarkupLine($"worker {Terminal.Esc(services.Options.WorkerId)} on {Terminal.Esc(GlobalOptions.DescribeDatabase(parse))}; Ctrl+C stops and hands runs back");
            var loops = new List<Task> { engine.WorkAsync(parse.GetValue(parallel), TimeSpan.FromSeconds(1), ct) };
            if (!parse.GetValue(noSchedules))
            {
                var scheduler = new Scheduler(services, engine, services.Options.WorkerId);
                var maintenance = new MaintenanceLoop(services, scheduler, line => Terminal.Error.MarkupLine($"[olive]{Terminal.Esc(line)}[/]")) { Keep = retention };
                loops.Add(maintenance.RunAsync(ct));
            }

            try
            {
                await Task.WhenAll(loops);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }

            Terminal.Out.MarkupLine("worker stopped");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
