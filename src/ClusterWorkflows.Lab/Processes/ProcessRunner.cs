using System.Diagnostics;

namespace ClusterWorkflows.Lab.Processes;

/// <summary>Runs the system tools the lab drives (ip, nsenter, docker, debootstrap...) and turns failures into clear errors.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new LabException($"cannot run '{file}': {ex.Message} (install the lab's packages with scripts/lab-setup.sh)");
        }

        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            ct.ThrowIfCancellationRequested();
            throw new LabException($"'{Describe(file, info.ArgumentList)}' did not finish within {(timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds:0} s");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and throws a <see cref="LabException"/> with the tool's own error text when it exits non-zero.</summary>
    public static async Task<string> CheckAsync(string file, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null, string? stdin = null)
    {
        var list = args.ToList();
        var result = await RunAsync(file, list, ct, timeout, stdin);
        if (!result.Ok)
        {
            var detail = string.IsNullOrWhiteSpace(result.StdErr) ? result.StdOut : result.StdErr;
            throw new LabException($"'{Describe(file, list)}' failed (exit {result.ExitCode}): {Tail(detail, 800)}");
        }

        return result.StdOut;
    }

    public static string Tail(string text, int max)
    {
        text = text.Trim();
        return text.Length <= max ? text : "..." + text[^max..];
    }

    private static string Describe(string file, IEnumerable<string> args) => string.Join(' ', new[] { Path.GetFileName(file) }.Concat(args));
}
