using System.Diagnostics;

namespace ClusterWorkflows.Testing.Postgres;

/// <summary>
/// Starts the PostgreSQL programs. PostgreSQL refuses to run as root, so as root they run as Debian's
/// <c>postgres</c> OS user through <c>setpriv</c>, which execs in place (the started process IS the program,
/// so its pid is the postmaster's). Client programs (psql) and everything else run as the current user.
/// </summary>
internal static class ServerProcesses
{
    public const string ServiceUser = "postgres";

    public static bool RunsAsServiceUser => Environment.IsPrivilegedProcess;

    /// <summary>A start description for a server program (initdb, postgres), switched to the service user when root.</summary>
    public static ProcessStartInfo ServerProgram(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = RunsAsServiceUser
            ? Describe("setpriv", ["--reuid=" + ServiceUser, "--regid=" + ServiceUser, "--init-groups", "--", program, .. arguments])
            : Describe(program, arguments);
        info.WorkingDirectory = workingDirectory;
        return info;
    }

    public static ProcessStartInfo Describe(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Libpq and the server read PG* variables (PGHOST, PGOPTIONS, PGSERVICE...): none may redirect a test
        // to another server or change its settings.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["LC_ALL"] = "C";
        return info;
    }

    /// <summary>Runs a program to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo info, string what, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName} ({what}).");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{what} failed (exit code {process.ExitCode}): {Trim(errors)}{(output.Length > 0 ? " | " + Trim(output) : "")}");
        }

        return output;
    }

    /// <summary>Makes <paramref name="directory"/> the service user's, so that initdb and postgres can write to it.</summary>
    public static async Task GiveToServiceUserAsync(string directory, CancellationToken cancellationToken)
    {
        if (!RunsAsServiceUser)
        {
            return;
        }

        try
        {
            await RunAsync(Describe("chown", [$"{ServiceUser}:{ServiceUser}", directory]), $"chown {directory}", cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"Running as root, PostgreSQL must run as the '{ServiceUser}' OS user that Debian's postgresql package creates; " +
                $"{PostgresBinaries.NotInstalledMessage}. ({e.Message})",
                e);
        }
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length <= 2000 ? text : "…" + text[^2000..];
    }
}
