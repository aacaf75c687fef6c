using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ClusterWorkflows.Testing.Cw;
using ClusterWorkflows.Testing.Lab;

namespace ClusterWorkflows.Benchmarks;

/// <summary>One bootstrap timing: a lab size, the first run from bare hosts and the idempotent re-runs.</summary>
public sealed record BootstrapResult(int Hosts, int EtcdMembers, TimeSpan LabUp, TimeSpan First, int FirstChanged, IReadOnlyList<TimeSpan> Reruns, IReadOnlyList<int> RerunChanged)
{
    public TimeSpan RerunMedian => Reruns.Order().ElementAt(Reruns.Count / 2);

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Hosts} ({(Hosts == 3 ? "3 managers" : "3 managers + 2 workers")}) | {EtcdMembers} | {LabUp.TotalSeconds:0.0} s | {First.TotalSeconds:0.0} s ({FirstChanged} changed) | {string.Join(", ", Reruns.Select(r => r.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"))} (changed: {string.Join(", ", RerunChanged)}) | {First / RerunMedian:0.0}× |");
}

/// <summary>
/// workflows/bootstrap-cluster.yaml through the real <c>cw</c> (embedded SQLite) on fresh labs: the
/// first run from bare hosts, then re-runs on the built cluster. Wall-clock time of the whole
/// command, as an operator sees it (process start included).
/// </summary>
public static partial class BootstrapBench
{
    private const string Begin = "<!-- bootstrap-benchmark:begin -->";
    private const string End = "<!-- bootstrap-benchmark:end -->";

    public static async Task<IReadOnlyList<BootstrapResult>> MeasureAsync(int reruns)
    {
        var runbook = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "workflows", "bootstrap-cluster.yaml"));
        var results = new List<BootstrapResult>();
        foreach (var (hosts, etcd, name, subnet) in new[] { (3, 3, "cwbnch3", "10.77.240.0/24"), (5, 5, "cwbnch5", "10.77.241.0/24") })
        {
            var lab = new TestLab(name, subnet, hosts);
            var clock = Stopwatch.StartNew();
            await lab.InitializeAsync();
            try
            {
                lab.RequireUp();
                var labUp = clock.Elapsed;
                var inventory = lab.Inventory;
                if (etcd > 3)
                {
                    // The lab puts etcd on the managers; here every host runs a member.
                    inventory = Path.Combine(lab.Directory, "inventory-etcd-everywhere.yaml");
                    await File.WriteAllTextAsync(inventory, WorkerGroups().Replace(await File.ReadAllTextAsync(lab.Inventory), "groups: [workers, etcd, "));
                }

                using var home = new CwHome();
                string[] args = ["run", runbook, "--inventory", inventory, "--input", $"etcdMembers={etcd}"];
                var (first, firstChanged) = await TimeAsync(home, args);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hosts} hosts: first run {first.TotalSeconds:0.0} s ({firstChanged} changed)"));
                var times = new List<TimeSpan>();
                var changed = new List<int>();
                for (var i = 0; i < reruns; i++)
                {
                    var (time, count) = await TimeAsync(home, args);
                    times.Add(time);
                    changed.Add(count);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hosts} hosts: re-run {i + 1}: {time.TotalSeconds:0.0} s ({count} changed)"));
                }

                results.Add(new BootstrapResult(hosts, etcd, labUp, first, firstChanged, times, changed));
            }
            finally
            {
                await lab.DisposeAsync();
            }
        }

        return results;
    }

    private static async Task<(TimeSpan Elapsed, int Changed)> TimeAsync(CwHome home, string[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = await home.RunAsync(args, null, TimeSpan.FromMinutes(10));
        var elapsed = clock.Elapsed;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"cw {string.Join(' ', args)} exited {result.ExitCode}:\n{result.All}");
        }

        var summary = ChangedCount().Match(result.All);
        return (elapsed, summary.Success ? int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) : -1);
    }

    public static Task WriteAsync(string path, IReadOnlyList<BootstrapResult> results, int reruns) =>
        BenchmarkDoc.ReplaceSectionAsync(path, Begin, End, "Runbook: bootstrap-cluster on the lab",
        [
            BenchmarkDoc.MachineLine(),
            "",
            $"Command: `scripts/bench.sh --bootstrap` (`dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- --bootstrap --out docs/BENCHMARKS.md`): a fresh lab per row (cached host image), `cw run workflows/bootstrap-cluster.yaml` from bare hosts, then {reruns} re-runs on the built cluster; wall-clock time of the `cw` command (process start, SQLite store, SSH handshakes included).",
            "",
            "| Hosts | etcd members | Lab up | First run | Re-runs | First ÷ median re-run |",
            "|---|---|---|---|---|---|",
            .. results.Select(r => r.Row()),
            "",
            "Goal (issue 6): a re-run reports 0 changed steps and takes less than a fifth of the first run.",
        ]);

    [GeneratedRegex(@"groups: \[workers, ")]
    private static partial Regex WorkerGroups();

    [GeneratedRegex(@" changed=(\d+)")]
    private static partial Regex ChangedCount();
}
