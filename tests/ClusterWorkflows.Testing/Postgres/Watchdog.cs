using System.Diagnostics;

namespace ClusterWorkflows.Testing.Postgres;

/// <summary>
/// A tiny shell process that outlives a killed test host: it reads commands on a pipe from this process and,
/// when the pipe closes without <c>stop</c> (the host died, even by SIGKILL), shuts the postmaster down
/// (SIGQUIT = immediate shutdown) and deletes the server's directory. No polling while the host lives:
/// <c>read</c> blocks until a line or end-of-file.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private const string Script = """
        trap '' INT HUP TERM
        exec >/dev/null 2>&1
        dir=$1
        pid=
        while read -r cmd arg; do
          case "$cmd" in
            pid) pid=$arg ;;
            stop) exit 0 ;;
          esac
        done
        alive() { [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && grep -q postgres "/proc/$pid/cmdline"; }
        if alive; then kill -QUIT "$pid"; fi
        n=0
        while alive && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n+1)); done
        if alive; then kill -KILL "$pid"; fi
        rm -rf "$dir"
        """;

    private readonly Process process;
    private readonly object gate = new();
    private bool stopped;

    private Watchdog(Process process) => this.process = process;

    public static Watchdog Start(string directory)
    {
        var info = ServerProcesses.Describe("sh", ["-c", Script, "cw-pg-watchdog", directory]);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = false;
        info.RedirectStandardError = false;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the PostgreSQL watchdog (sh).");
        return new Watchdog(process);
    }

    /// <summary>Tells the watchdog which postmaster to stop should this process die.</summary>
    public void Watch(int postmasterPid) => Send($"pid {postmasterPid}");

    /// <summary>The server was shut down properly: the watchdog exits without touching anything.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
        }

        try
        {
            process.StandardInput.WriteLine("stop");
            process.StandardInput.Flush();
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // It is already gone: nothing left to stop.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void Send(string line)
    {
        lock (gate)
        {
            if (!stopped)
            {
                process.StandardInput.WriteLine(line);
                process.StandardInput.Flush();
            }
        }
    }
}
