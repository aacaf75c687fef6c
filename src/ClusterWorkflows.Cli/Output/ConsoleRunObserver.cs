using System.Collections.Concurrent;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Progress;
using ClusterWorkflows.Store;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ClusterWorkflows.Cli.Output;

/// <summary>
/// Shows a run as it executes. On a terminal: a live table of steps (status, attempt, duration,
/// progress bar with rate and ETA, changed counts) with the latest log lines. Redirected: one line per
/// step event and log line, and a progress line per step at most every <see cref="PlainProgressInterval"/>.
/// </summary>
public sealed class ConsoleRunObserver : IRunObserver
{
    /// <summary>A log-like line per step every few seconds reads well in CI logs; the engine reports 4 a second.</summary>
    public static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, JournalRecord> steps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProgressSeen> progress = new(StringComparer.Ordinal);
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
        if (record.Status != StepStatus.Running)
        {
            progress.TryRemove(record.StepPath, out _);
        }

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

    public void Progress(Guid runId, StepProgress report)
    {
        // A report that arrives after its step's final record (a stream's race) must not bring the bar back.
        if (!steps.TryGetValue(report.StepPath, out var step) || step.Status != StepStatus.Running || step.Attempt != report.Attempt)
        {
            return;
        }

        var seen = progress.AddOrUpdate(
            report.StepPath,
            _ => new ProgressSeen(report, report, null),
            (_, old) => old.First.Attempt == report.Attempt ? old with { Latest = report } : new ProgressSeen(report, report, null));
        if (live || (seen.PrintedAt is { } printed && report.At - printed < PlainProgressInterval))
        {
            return;
        }

        progress[report.StepPath] = seen with { PrintedAt = report.At };
        Write($"[aqua]~[/] {Terminal.Esc(report.StepPath)} {Terminal.Esc(ProgressText.Plain(report, seen.First))}");
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
        var withProgress = !progress.IsEmpty;
        if (withProgress)
        {
            table.AddColumn("Progress");
        }

        foreach (var r in steps.Values.OrderBy(r => r.Sequence))
        {
            var duration = r.EndedAt is null && r.Status == StepStatus.Running ? StatusText.Format(DateTimeOffset.UtcNow - r.StartedAt) : StatusText.Duration(r);
            var cells = new List<string> { Terminal.Esc(r.StepPath), StatusText.Step(r), r.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), duration };
            if (withProgress)
            {
                cells.Add(r.Status == StepStatus.Running && progress.TryGetValue(r.StepPath, out var seen) ? ProgressText.Markup(seen.Latest, seen.First) : "");
            }

            table.AddRow([.. cells]);
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

/// <summary>The first report of a step attempt this view saw (the rate's base), the latest, and when a plain line was printed.</summary>
internal sealed record ProgressSeen(StepProgress First, StepProgress Latest, DateTimeOffset? PrintedAt);
