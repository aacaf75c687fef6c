using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>
/// Drives workflows/bootstrap-cluster.yaml on a lab through the real <c>cw</c> (a private CW_HOME
/// with its SQLite store and secret key), the way an operator does.
/// </summary>
public sealed class BootstrapSession(TestLab lab) : IDisposable
{
    public static readonly string Runbook = Path.Combine(AppContext.BaseDirectory, "workflows", "bootstrap-cluster.yaml");

    public CwHome Home { get; } = new();

    public string[] RunArgs(string inventory, params string[] extra) => ["run", Runbook, "--inventory", inventory, .. extra];

    /// <summary>Runs the bootstrap to its end in the foreground; returns the result and how long it took.</summary>
    public async Task<(CwResult Result, TimeSpan Elapsed)> RunAsync(string? inventory = null, params string[] extra)
    {
        var clock = Stopwatch.StartNew();
        var result = await Home.RunAsync(RunArgs(inventory ?? lab.Inventory, extra), null, TimeSpan.FromMinutes(6));
        return (result, clock.Elapsed);
    }

    /// <summary>Starts <c>cw run</c> in its own session (to be killed with SIGKILL), collecting its output lines.</summary>
    public BackgroundCw Start(string? inventory = null) => new(Home, RunArgs(inventory ?? lab.Inventory));

    public async Task<string> NewestRunIdAsync()
    {
        var runs = JsonNode.Parse((await Home.RunAsync("runs", "--json")).Stdout)!.AsArray();
        return runs[0]!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> ShowAsync(string runId) =>
        JsonNode.Parse((await Home.RunAsync("show", runId, "--json")).Stdout)!.AsObject();

    /// <summary>
    /// Waits until <paramref name="engine"/> prints that a step whose path, forEach items left out,
    /// starts with <paramref name="prefix"/> has started (the "&gt; path" line of the plain output).
    /// </summary>
    public static async Task WaitForStepAsync(BackgroundCw engine, string prefix, TimeSpan deadline)
    {
        await Waits.UntilAsync(
            () => engine.Lines.Any(line => line.StartsWith("> ", StringComparison.Ordinal) && WithoutItems(line[2..]).StartsWith(prefix, StringComparison.Ordinal)),
            deadline,
            $"a step under {prefix} to start; output so far:\n{engine.Output}");
    }

    private static string WithoutItems(string path) => Regex.Replace(path, @"\[[^\]]*\]", "");

    /// <summary>Activity records of the newest attempt of each step that reported a change.</summary>
    public static IReadOnlyList<string> ChangedSteps(JsonObject show) =>
        Latest(show).Where(r => r["changed"]?.GetValue<bool>() == true).Select(Describe).ToList();

    public static IReadOnlyList<JsonObject> Latest(JsonObject show) =>
        show["journal"]!.AsArray()
            .Select(r => r!.AsObject())
            .Where(r => r["superseded"]?.GetValue<bool>() != true)
            .GroupBy(r => (r["path"]!.GetValue<string>(), r["item"]?.GetValue<string>()))
            .Select(g => g.OrderBy(r => r["attempt"]!.GetValue<int>()).ThenBy(r => r["sequence"]!.GetValue<long>()).Last())
            .ToList();

    public static string Describe(JsonObject record) =>
        $"{record["path"]}{(record["item"] is { } item ? $"[{item}]" : "")} {record["status"]}";

    public Task<ProcessResult> SshAsync(string host, string command) =>
        ProcessRunner.RunAsync("ssh", ["-F", lab.Layout.SshConfigFile, "-o", "ConnectTimeout=5", host, command], CancellationToken.None, TimeSpan.FromSeconds(60));

    public async Task<string> SshOkAsync(string host, string command)
    {
        var result = await SshAsync(host, command);
        Assert.True(result.ExitCode == 0, $"ssh {host} '{command}' exited {result.ExitCode}: {result.StdErr}{result.StdOut}");
        return result.StdOut;
    }

    public void Dispose() => Home.Dispose();
}
