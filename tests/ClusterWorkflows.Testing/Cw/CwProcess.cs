using System.Diagnostics;
using System.Text;
using Xunit;

namespace ClusterWorkflows.Testing.Cw;

public sealed record CwResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

/// <summary>
/// Runs the real <c>cw</c> as a child process against a private CW_HOME. Each child gets its own
/// session (setsid) so that a SIGKILL can take down its whole process group, the shell commands
/// its steps started included.
/// </summary>
public sealed class CwHome : IDisposable
{
    private static readonly string CwDll = Path.Combine(AppContext.BaseDirectory, "cw.dll");

    public CwHome()
    {
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "cw-cli-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra environment for every child (e.g. CW_DB, CW_LEASE_SECONDS).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string File(string name) => Path.Combine(Root, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public ProcessStartInfo StartInfo(params string[] args)
    {
        Assert.True(System.IO.File.Exists(CwDll), $"cw.dll not found next to the tests at {CwDll}");
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(CwDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CW_HOME"] = Root;
        psi.Environment["CW_USER"] = "tester";
        psi.Environment["CW_PLAIN"] = "1";
        psi.Environment.Remove("CW_DB");
        foreach (var (key, value) in Environment)
        {
            psi.Environment[key] = value;
        }

        return psi;
    }

    public async Task<CwResult> RunAsync(string[] args, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            KillGroup(process.Id);
            throw new TimeoutException($"cw {string.Join(' ', args)} did not finish; output so far: {await stdout}{await stderr}");
        }

        return new CwResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<CwResult> RunAsync(params string[] args) => RunAsync(args, null, null);

    /// <summary>SIGKILL to the whole process group of a child started through setsid.</summary>
    public static void KillGroup(int pid) => SignalGroup(pid, "KILL");

    /// <summary>Sends a signal (KILL, TERM, STOP, CONT) to the whole process group of a setsid child.</summary>
    public static void SignalGroup(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", "--", $"-{pid}"]) { UseShellExecute = false, RedirectStandardError = true })!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Waits
{
    /// <summary>Polls a condition until it holds or the deadline passes (no fixed sleeps); see <see cref="Eventually"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        Eventually.AssertAsync(condition, deadline, what);

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what) =>
        Eventually.AssertAsync(condition, deadline, what);

    public static string[] Lines(string path) =>
        System.IO.File.Exists(path) ? System.IO.File.ReadAllLines(path, Encoding.UTF8) : [];
}
