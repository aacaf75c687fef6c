using ClusterWorkflows.Store;
using Spectre.Console;

namespace ClusterWorkflows.Cli.Output;

/// <summary>The check-mode plan: what each step would change, per host (forEach item).</summary>
public static class PlanPrinter
{
    public static void Print(IReadOnlyList<JournalRecord> latest)
    {
        var table = new Table().Border(TableBorder.Simple).Title("check mode plan (nothing was changed)")
            .AddColumns("Step", "Host/item", "Would");
        foreach (var r in latest)
        {
            var would = r.Status switch
            {
                StepStatus.Completed when r.Changed => "[yellow]change[/]",
                StepStatus.Completed => "[green]no change[/]",
                StepStatus.Skipped when r.Outputs?["checkMode"] is not null => "[grey]unknown (no check mode)[/]",
                StepStatus.Skipped => "[grey]skip[/]",
                StepStatus.Faulted => $"[red]fail[/]: {Terminal.Esc(r.Error?.Message)}",
                _ => Terminal.Esc(r.Status.ToString().ToLowerInvariant()),
            };
            table.AddRow(Terminal.Esc(r.StepPath), Terminal.Esc(r.ItemKey ?? ""), would);
        }

        var changes = latest.Count(r => r is { Status: StepStatus.Completed, Changed: true });
        Terminal.Out.Write(table);
        Terminal.Out.MarkupLine($"plan: {changes} step(s) would change, {latest.Count(r => r is { Status: StepStatus.Completed, Changed: false })} unchanged");
    }
}
