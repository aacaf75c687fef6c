using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Output;

public static class StatusText
{
    public static string Step(JournalRecord r) => r.Status switch
    {
        StepStatus.Completed => r.Changed ? "[yellow]changed[/]" : "[green]ok[/]",
        StepStatus.Faulted when r.Handled => "[olive]failed (ignored)[/]",
        StepStatus.Faulted => "[red]failed[/]",
        StepStatus.Skipped => "[grey]skipped[/]",
        StepStatus.Waiting => IsApproval(r) ? "[blue]waiting for approval[/]" : $"[blue]waiting until {r.DueAt:u}[/]",
        StepStatus.Running => "[aqua]running[/]",
        StepStatus.Cancelled => "[grey]cancelled[/]",
        StepStatus.Interrupted => "[olive]interrupted[/]",
        _ => r.Status.ToString(),
    };

    public static string Run(RunStatus status) => status switch
    {
        RunStatus.Completed => "[green]completed[/]",
        RunStatus.Faulted => "[red]faulted[/]",
        RunStatus.Cancelled => "[grey]cancelled[/]",
        RunStatus.Waiting => "[blue]waiting[/]",
        RunStatus.Running => "[aqua]running[/]",
        _ => "pending",
    };

    public static bool IsApproval(JournalRecord r) => r.Bookmark?["kind"]?.GetValue<string>() == "approval";

    public static string Duration(JournalRecord r) =>
        r.EndedAt is { } end ? Format(end - r.StartedAt) : "";

    public static string Format(TimeSpan d) => d.TotalSeconds switch
    {
        < 1 => $"{d.TotalMilliseconds:0}ms",
        < 60 => $"{d.TotalSeconds:0.0}s",
        _ => $"{(int)d.TotalMinutes}m{d.Seconds:00}s",
    };
}
