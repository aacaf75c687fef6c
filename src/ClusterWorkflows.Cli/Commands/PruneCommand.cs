using System.CommandLine;
using System.Globalization;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Retention;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Cli.Commands;

/// <summary><c>cw prune</c>: deletes finished runs (completed or cancelled) older than the retention, with their journal and logs.</summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var olderThan = new Option<string>("--older-than")
        {
            Description = "Delete runs that ended longer ago than this (30d, 12h, ...). Running, waiting and faulted runs are never deleted.",
            DefaultValueFactory = _ => "30d",
        };
        var batch = new Option<int>("--batch") { Description = "Runs deleted per transaction.", DefaultValueFactory = _ => RunRetention.DefaultBatchSize };
        var command = new Command("prune", "Delete old finished runs with their journal and logs (the audit log is kept).") { olderThan, batch };
        command.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            var text = parse.GetValue(olderThan)!;
            if (!Duration.TryParse(text, out var keep) || keep <= TimeSpan.Zero)
            {
                throw new UsageException($"--older-than: '{text}' is not a positive duration (examples: 30d, 12h, 90m)");
            }

            if (parse.GetValue(batch) <= 0)
            {
                throw new UsageException("--batch must be 1 or more");
            }

            var services = await GlobalOptions.EngineAsync(parse, null, ct);
            await using var store = services.Store;
            var cutoff = services.Time.GetUtcNow() - keep;
            var deleted = await new RunRetention(services).PruneAsync(keep, parse.GetValue(batch), GlobalOptions.Actor(null), ct);
            Terminal.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"pruned {deleted} run(s) that ended before {cutoff:u}"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
