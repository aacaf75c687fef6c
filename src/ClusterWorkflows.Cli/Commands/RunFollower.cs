using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Cli.Output;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>Drives a run in the foreground (or follows it on the server), then prints how it ended and what to do next.</summary>
public static class RunFollower
{
    public static async Task<int> FollowAsync(IRunBackend runs, ConsoleRunObserver observer, Guid runId, CancellationToken cancellationToken)
    {
        await observer.ShowAsync(() => runs.SettleAsync(runId, cancellationToken));
        var settled = await runs.GetAsync(runId, cancellationToken) ?? throw new UsageException($"run {runId} does not exist");
        return Report(settled.Run, settled.Journal);
    }

    public static int Report(RunRecord run, IReadOnlyList<JournalRecord> journal)
    {
        var latest = Incidents.Latest(journal);
        var changed = latest.Count(r => r is { Status: StepStatus.Completed, Changed: true });
        var ok = latest.Count(r => r is { Status: StepStatus.Completed, Changed: false });
        var failed = latest.Count(r => r is { Status: StepStatus.Faulted, Handled: false });
        var skipped = latest.Count(r => r.Status == StepStatus.Skipped);
        var took = (run.EndedAt ?? run.UpdatedAt) - (run.StartedAt ?? run.CreatedAt);
        var o = Terminal.Out;
        if (run.CheckMode)
        {
            PlanPrinter.Print(latest);
        }

        o.MarkupLine($"run [bold]{run.Id}[/] {StatusText.Run(run.Status)} in {StatusText.Format(took)}: ok={ok} changed={changed} failed={failed} skipped={skipped}");
        switch (run.Status)
        {
            case RunStatus.Completed:
                if (run.Outputs is { Count: > 0 } outputs)
                {
                    o.WriteLine($"outputs: {outputs.ToJsonString()}");
                }

                return ExitCodes.Ok;
            case RunStatus.Waiting:
                foreach (var w in Incidents.Waiting(journal))
                {
                    if (Incidents.IsApproval(w))
                    {
                        var message = w.Bookmark?["message"]?.GetValue<string>();
                        o.MarkupLine($"waiting for approval at [bold]{Terminal.Esc(w.StepPath)}[/]{(message is null ? "" : $": {Terminal.Esc(message)}")}");
                        o.WriteLine($"  approve: cw approve {run.Id} --step {w.StepPath}");
                        o.WriteLine($"  reject:  cw reject {run.Id} --step {w.StepPath} --reason TEXT");
                    }
                    else
                    {
                        o.MarkupLine($"waiting at [bold]{Terminal.Esc(w.StepPath)}[/] until {w.DueAt:u}; a worker ('cw worker' or 'cw resume' after that time) continues it");
                    }
                }

                return ExitCodes.Waiting;
            case RunStatus.Faulted:
                var open = Incidents.Open(journal);
                if (open.Count == 0)
                {
                    o.MarkupLine($"[red]error:[/] {Terminal.Esc(run.Error)}");
                }

                foreach (var incident in open)
                {
                    o.MarkupLine($"[red]incident[/] at [bold]{Terminal.Esc(incident.StepPath)}[/] (attempt {incident.Attempt}): {Terminal.Esc(incident.Error?.Code)}: {Terminal.Esc(incident.Error?.Message)}");
                }

                o.WriteLine($"  retry:  cw retry {run.Id}{(open.Count == 1 ? $" --step {open[0].StepPath}" : "")} [--input name=value]");
                if (open.Count > 0)
                {
                    o.WriteLine($"  skip:   cw skip {run.Id} --step {open[0].StepPath} [--output '{{...}}']");
                }

                o.WriteLine($"  cancel: cw cancel {run.Id}");
                return ExitCodes.Failed;
            default:
                return ExitCodes.Failed;
        }
    }
}
