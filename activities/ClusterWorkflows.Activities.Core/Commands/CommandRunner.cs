using System.ComponentModel;
using System.Diagnostics;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Commands;

internal sealed record CommandOutcome(int ExitCode, TailBuffer Stdout, TailBuffer Stderr);

/// <summary>Starts a process, streams its output line by line and kills its whole tree when told to stop.</summary>
internal static class CommandRunner
{
    public const int TailChars = 64 * 1024;

    // Real time on purpose: these bound I/O clean-up, they are not part of the command's semantics.
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public static async Task<CommandOutcome> RunAsync(ProcessStartInfo info, IActivityLog log, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = info };
        Start(process);
        process.StandardInput.Close();

        var stdout = new TailBuffer(TailChars);
        var stderr = new TailBuffer(TailChars);
        using var stopReading = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, line => { stdout.AppendLine(line); log.Info(line); }, stopReading.Token),
            PumpAsync(process.StandardError, line => { stderr.AppendLine(line); log.Warning(line); }, stopReading.Token));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await KillTreeAsync(process);
            await DrainAsync(pumps, stopReading, log: null);
            throw;
        }

        await DrainAsync(pumps, stopReading, log);
        return new CommandOutcome(process.ExitCode, stdout, stderr);
    }

    private static void Start(Process process)
    {
        var file = process.StartInfo.FileName;
        try
        {
            process.Start();
        }
        catch (Win32Exception ex) when (ex.NativeErrorCode == 2)
        {
            throw new NonRetryableActivityException("command.not-found", $"'{file}' was not found");
        }
        catch (Win32Exception ex) when (ex.NativeErrorCode == 13)
        {
            throw new NonRetryableActivityException("command.not-executable", $"'{file}' cannot be executed (permission denied)");
        }
        catch (Win32Exception ex)
        {
            throw new ActivityException("command.start-failed", $"'{file}' could not be started: {ex.Message}");
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                onLine(line);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Reading was abandoned (see DrainAsync) or the pipe went away with a killed process.
        }
    }

    /// <summary>
    /// Waits for the end of the output. A background process started by the command may keep the
    /// pipes open long after the command exited; do not wait for it forever.
    /// </summary>
    private static async Task DrainAsync(Task pumps, CancellationTokenSource stopReading, IActivityLog? log)
    {
        try
        {
            await pumps.WaitAsync(OutputGrace);
        }
        catch (TimeoutException)
        {
            log?.Warning("output is still open after the command exited (a background process kept it); stopped reading");
            await stopReading.CancelAsync();
        }
    }

    private static async Task KillTreeAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or AggregateException)
        {
            // Already gone, or a child exited between listing and killing.
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(KillWait);
        }
        catch (TimeoutException)
        {
            // SIGKILL cannot be refused; a process stuck in uninterruptible I/O is reaped later by the OS.
        }
    }
}
