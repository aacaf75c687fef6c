using System.Collections.Concurrent;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ClusterWorkflows.Cli.Output;

/// <summary>
/// Shows a run as it executes. On a terminal: a live table of steps (status, attempt, duration,
/// changed counts) with the latest log lines. Redirected: one line per step event and log line.
/// </summary>
public sealed class ConsoleRunObserver : IRunObserver
{
    private readonly ConcurrentDictionary<string, JournalRecord> steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> recentLogs = new();
    private readonly bool live;
    private readonly bool showLogs;
    private readonly Lock writeGate = new();

    public ConsoleRunObserver(bool showLogs, bool live)
    {
        this.showLogs = showLogs;
        this.live = live;
    }

    public void StepChanged(Guid runId, JournalRecord record)
    {
        steps[record.StepPath] = record;
        if (live)
        {
            return;
        }

        var line = record.Status switch
        {
            StepStatus.Running => $"[aqua]>[/] {Terminal.Esc(record.StepPath)}{(record.Attempt > 1 ? $" (attempt {record.Attempt})" : "")}",
            StepStatus.Faulted => $"[red]x[/] {Terminal.Esc(record.StepPath)} {StatusText.Step(record)}: {Terminal.Esc(record.Error?.Code)}: {Terminal.Esc(record.Error?.Message)}",
            _ => $"{Mark(record)} {Terminal.Esc(record.StepPath)} {StatusText.Step(record)} {StatusText.Duration(record)}",
        };
        Write(line);
    }

    public void Log(Guid runId, LogLine line)
    {
        var text = $"  [grey]|[/] [grey]{Terminal.Esc(line.StepPath)}:[/] {Terminal.Esc(line.Text)}";
        if (live)
        {
            recentLogs.Enqueue(text);
            while (recentLogs.Count > 12 && recentLogs.TryDequeue(out _))
            {
            }

            return;
        }

        if (showLogs)
        {
            Write(text);
        }
    }

    public void RunChanged(Guid runId, RunStatus status, string? error)
    {
    }

    public void EngineError(Guid? runId, Exception error) =>
        Write($"[red]engine error{(runId is null ? "" : $" in run {runId}")}: {Terminal.Esc(error.GetType().Name)}: {Terminal.Esc(error.Message)}[/]");

    public void LeaseLost(Guid runId) =>
        Write($"[olive]run {runId}: lease lost to another worker; stopped without writing[/]");

    private void Write(string markup)
    {
        lock (writeGate)
        {
            Terminal.Out.MarkupLine(markup);
        }
    }

    private static string Mark(JournalRecord r) => r.Status switch
    {
        StepStatus.Completed => r.Changed ? "[yellow]*[/]" : "[green]+[/]",
        StepStatus.Skipped => "[grey]-[/]",
        StepStatus.Waiting => "[blue]~[/]",
        _ => " ",
    };

    /// <summary>Runs <paramref name="body"/> under a live view when on a terminal.</summary>
    public async Task<T> ShowAsync<T>(Func<Task<T>> body)
    {
        if (!live)
        {
            return await body();
        }

        T result = default!;
        await Terminal.Out.Live(Render()).AutoClear(false).StartAsync(async ctx =>
        {
            var work = body();
            while (!work.IsCompleted)
            {
                ctx.UpdateTarget(Render());
                await Task.WhenAny(work, Task.Delay(150));
            }

            ctx.UpdateTarget(Render());
            result = await work;
        });
        return result;
    }

    private IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Step", "Status", "Attempt", "Duration");
        foreach (var r in steps.Values.OrderBy(r => r.Sequence))
        {
            var duration = r.EndedAt is null && r.Status == StepStatus.Running ? StatusText.Format(DateTimeOffset.UtcNow - r.StartedAt) : StatusText.Duration(r);
            table.AddRow(Terminal.Esc(r.StepPath), StatusText.Step(r), r.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), duration);
        }

        var changed = steps.Values.Count(r => r is { Status: StepStatus.Completed, Changed: true });
        var ok = steps.Values.Count(r => r is { Status: StepStatus.Completed, Changed: false });
        var failed = steps.Values.Count(r => r is { Status: StepStatus.Faulted, Handled: false });
        var summary = new Markup($"[green]ok={ok}[/] [yellow]changed={changed}[/] [red]failed={failed}[/]");
        var rows = new List<IRenderable> { table, summary };
        if (showLogs && !recentLogs.IsEmpty)
        {
            rows.Add(new Markup(string.Join("\n", recentLogs)));
        }

        return new Rows(rows);
    }
}
