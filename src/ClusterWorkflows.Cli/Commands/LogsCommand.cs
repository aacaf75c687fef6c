using System.CommandLine;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;

namespace ClusterWorkflows.Cli.Commands;

public static class LogsCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run id (or a unique prefix)." };
        var step = new Option<string?>("--step") { Description = "Only this step path (and the steps inside it)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the run stops." };
        var command = new Command("logs", "Print a run's logs (paged from the store; secrets are already redacted).") { run, step, follow };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            await using var backend = await Backend.OpenAsync(parse, null, ct);
            var runs = backend.Runs;
            var id = await RunIds.ResolveAsync(runs, parse.GetValue(run)!, ct);
            long after = 0;
            while (true)
            {
                var page = await runs.LogsAsync(id, parse.GetValue(step), after, 1000, ct);
                foreach (var line in page)
                {
                    Terminal.Out.MarkupLine($"[grey]{line.Timestamp:HH:mm:ss.fff} {Terminal.Esc(line.StepPath)}#{line.Attempt}[/] {Terminal.Esc(line.Text)}");
                    after = line.Sequence;
                }

                if (page.Count == 1000)
                {
                    continue;
                }

                if (!parse.GetValue(follow))
                {
                    return ExitCodes.Ok;
                }

                var current = (await runs.GetAsync(id, ct))?.Run;
                if (current is null || current.Status is not (Store.RunStatus.Running or Store.RunStatus.Pending))
                {
                    var tail = await runs.LogsAsync(id, parse.GetValue(step), after, 1000, ct);
                    if (tail.Count == 0)
                    {
                        return ExitCodes.Ok;
                    }

                    continue;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
            }
        }));
        return command;
    }
}
