using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace ClusterWorkflows.Testing.Cw;

/// <summary>A long-running <c>cw</c> child (a worker) whose output lines are collected as they arrive.</summary>
public sealed class BackgroundCw : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    public BackgroundCw(CwHome home, params string[] args)
    {
        process = Process.Start(home.StartInfo(args))!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public IReadOnlyList<string> Lines => lines.ToArray();

    public string Output => string.Join('\n', lines);

    public void Signal(string signal) => CwHome.SignalGroup(process.Id, signal);

    /// <summary>SIGTERM and wait: the worker hands its runs back and exits.</summary>
    public async Task<int> StopAsync(TimeSpan deadline)
    {
        if (!process.HasExited)
        {
            Signal("TERM");
            using var cts = new CancellationTokenSource(deadline);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Signal("KILL");
                await process.WaitForExitAsync();
                Assert.Fail($"worker {Pid} did not stop within {deadline} after SIGTERM; output:\n{Output}");
            }
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Signal("CONT");
            Signal("KILL");
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
