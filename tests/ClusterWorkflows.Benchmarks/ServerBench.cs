using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterWorkflows.Testing.CwServer;
using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Benchmarks;

/// <summary>One wrk measurement of POST /api/runs.</summary>
public sealed record ServerResult(string Store, double RequestsPerSecond, string P50, string P99, long Requests, long Errors, TimeSpan Drain)
{
    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Store} | {RequestsPerSecond:N0} | {P50} | {P99} | {Requests:N0} | {Errors} | {Drain.TotalSeconds:0.0} s |");
}

/// <summary>
/// The run-start endpoint under load: a real cw-server process (4 workers executing what is
/// started), wrk from Debian posting a no-op runbook for 30 s over 32 connections, on the
/// embedded SQLite store and on PostgreSQL. Errors are every non-2xx answer and socket error.
/// </summary>
public static partial class ServerBench
{
    private const string Begin = "<!-- server-benchmark:begin -->";
    private const string End = "<!-- server-benchmark:end -->";

    public static async Task<IReadOnlyList<ServerResult>> MeasureAsync(TimeSpan duration)
    {
        var results = new List<ServerResult>();
        results.Add(await MeasureOneAsync("SQLite (embedded default)", null, duration));
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { FsyncOff = false });
        var database = await postgres.CreateDatabaseAsync("server_bench");
        results.Add(await MeasureOneAsync("PostgreSQL 15 (fsync on)", database, duration));
        return results;
    }

    private static async Task<ServerResult> MeasureOneAsync(string store, string? database, TimeSpan duration)
    {
        var home = Directory.CreateTempSubdirectory("cw-server-bench-");
        try
        {
            var workflows = Directory.CreateDirectory(Path.Combine(home.FullName, "workflows")).FullName;
            await File.WriteAllTextAsync(Path.Combine(workflows, "noop.yaml"), "id: noop\nversion: 1\nsteps:\n  - id: nothing\n    uses: core.log@1\n    with: { message: nothing }\n");
            var settings = new Dictionary<string, string> { ["CW_WORKFLOWS"] = workflows };
            if (database is not null)
            {
                settings["CW_DB"] = database;
            }

            await using var server = await ServerProcess.StartAsync(home.FullName, settings);
            var port = server.Port;
            var token = server.AdminToken();
            using var client = server.Client(token);
            var script = Path.Combine(home.FullName, "post.lua");
            await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.body = '{{\"workflow\":\"noop\"}}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"Authorization\"] = \"Bearer {token}\"\n");

            var output = await RunAsync("wrk", "-t2", "-c32", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, $"http://127.0.0.1:{port}/api/runs");
            Console.WriteLine(output);
            var clock = Stopwatch.StartNew();
            while (await CountAsync(client, "pending") + await CountAsync(client, "running") > 0)
            {
                await Task.Delay(200);
            }

            var drain = clock.Elapsed;
            return new ServerResult(
                store,
                double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Percentile(output, "50%"),
                Percentile(output, "99%"),
                long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Errors(output),
                drain);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    public static Task WriteAsync(string path, IReadOnlyList<ServerResult> results, TimeSpan duration) =>
        BenchmarkDoc.ReplaceSectionAsync(path, Begin, End, "Server: starting runs over HTTP",
        [
            BenchmarkDoc.MachineLine(),
            "",
            string.Create(CultureInfo.InvariantCulture, $"Command: `scripts/bench.sh --server` (`dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- --server --out docs/BENCHMARKS.md`): a `cw-server` process with its 4 workers executing every run it accepts, and `wrk -t2 -c32 -d{(int)duration.TotalSeconds}s --latency` (Debian's wrk 4.1) posting `{{\"workflow\":\"noop\"}}` with an API token to `POST /api/runs` on loopback; client and server share the 2 cores. Drain = time after wrk stopped until no run was pending or running."),
            "",
            "| Store | Requests/s | p50 | p99 | Runs started | Errors (non-2xx + socket) | Drain |",
            "|---|---|---|---|---|---|---|",
            .. results.Select(r => r.Row()),
            "",
            "Each accepted request is a durable run: the run row and its audit record are written before 201 is answered.",
        ]);

    private static async Task<long> CountAsync(HttpClient client, string status)
    {
        var page = JsonNode.Parse(await client.GetStringAsync($"/api/runs?status={status}&limit=500"))!;
        return page["items"]!.AsArray().Count;
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start (install it: apt-get install {program})");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} failed: {error}{output}");
    }

    private static string Percentile(string output, string which) =>
        Regex.Match(output, $@"^\s*{Regex.Escape(which)}\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    private static long Errors(string output)
    {
        var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return non2xx + socket;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
