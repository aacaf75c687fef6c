using System.Diagnostics;
using System.Globalization;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;
using Xunit.Abstractions;

namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// The durability promise under random SIGKILLs of real processes: <c>cw run</c>, every <c>cw resume</c> that picks
/// the run up, and every <c>cw retry</c>/<c>cw skip</c> an operator issues (each of which goes on to drive the run) are
/// killed at random moments of their lives: while steps run, while an incident is raised, while a decision is
/// recorded, while the run settles. An operator stands in for the person: for each open incident they look at the
/// step's effect and skip the step when it happened, retry it when it did not. At the end every run is completed,
/// and a step not safe to repeat left its effect exactly once; an idempotent one at least once and at most once more
/// per kill.
/// </summary>
/// <remarks>
/// Set CW_CRASH_TRIALS to change the number of trials and CW_CRASH_SEED to replay one sequence (the seed is printed).
/// The random delay before a kill is the fault injection itself, not a wait for something to happen: it is drawn
/// from the measured lifetime of the same command, so that kills spread over start-up, the walk and the end.
/// </remarks>
public sealed class RandomCrashTests(ITestOutputHelper output)
{
    private const int MaxRounds = 60;
    private const int KillingRounds = 14;

    [Fact]
    public Task Trials_UnsafeStepsUnderRandomKills_EachEffectExactlyOnce() =>
        RunTrialsAsync(idempotent: false, Setting("CW_CRASH_TRIALS", 200));

    [Fact]
    public Task Trials_IdempotentStepsUnderRandomKills_EachEffectAtLeastOnceAndOneRepeatPerKillAtMost() =>
        RunTrialsAsync(idempotent: true, Math.Max(1, Setting("CW_CRASH_TRIALS", 200) / 4));

    private async Task RunTrialsAsync(bool idempotent, int trials)
    {
        var seed = Setting("CW_CRASH_SEED", Random.Shared.Next());
        output.WriteLine($"seed {seed} (CW_CRASH_SEED={seed} replays it), {trials} trials, idempotent: {idempotent}");
        var lifetimes = new Lifetimes();
        var stats = new KillStats();
        // Four trials at a time: a trial mostly waits for processes to start and exit, so one alone keeps one core half busy.
        var next = -1;
        var failures = new List<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int trial;
            while ((trial = Interlocked.Increment(ref next)) < trials)
            {
                var failure = await TrialAsync(idempotent, seed + trial, lifetimes, stats);
                if (failure is not null)
                {
                    lock (failures)
                    {
                        failures.Add($"trial {trial} (seed {seed + trial}): {failure}");
                    }
                }
            }
        }));

        output.WriteLine(stats.ToString());
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(stats.Kills >= trials, $"only {stats.Kills} kills in {trials} trials: the injection missed ({stats})");
        if (!idempotent)
        {
            Assert.True(stats.DecisionsKilled > 0 && stats.Incidents > 0, $"no incident or no killed decision: {stats}");
        }
    }

    private static async Task<string?> TrialAsync(bool idempotent, int seed, Lifetimes lifetimes, KillStats stats)
    {
        var random = new Random(seed);
        using var home = new CwHome();
        var effects = home.File("effects.log");
        var runbook = home.Write("crash.yaml", CrashRunbook.Yaml(effects, idempotent));
        var history = new List<string>();
        var kills = 0;
        var killedLast = false;
        for (var round = 0; round < MaxRounds; round++)
        {
            var state = await TrialState.ReadAsync(home);
            if (killedLast)
            {
                stats.Left(KillStats.Classify(state));
            }

            if (state?.Run.Status == RunStatus.Completed)
            {
                return Verify(effects, idempotent, kills, history);
            }

            var (kind, args) = NextCommand(state, runbook, effects);
            var kill = round < KillingRounds && random.NextDouble() < 0.9;
            var killed = await RunOnceAsync(home, kind, args, kill ? random : null, lifetimes);
            killedLast = killed;
            history.Add($"{kind}{(killed ? " (killed)" : "")}: {string.Join(' ', args)}");
            if (killed)
            {
                kills++;
                stats.Count(kind);
            }

            if (kind is "skip" or "retry")
            {
                stats.Incident();
            }
        }

        return $"run not completed after {MaxRounds} rounds; history:\n{string.Join('\n', history)}";
    }

    /// <summary>What the operator does next: start the run, drive it, or decide on its first open incident.</summary>
    private static (string Kind, string[] Args) NextCommand(TrialState? state, string runbook, string effects)
    {
        if (state is null)
        {
            return ("run", ["run", runbook]);
        }

        var runId = state.Run.Id.ToString();
        var incident = state.Run.Status == RunStatus.Faulted ? state.OpenIncidents().FirstOrDefault() : null;
        if (incident is null)
        {
            return ("resume", ["resume"]);
        }

        // The person's check: did the step's effect happen? Then it must not run again.
        var happened = Waits.Lines(effects).Contains(CrashRunbook.EffectOf(incident));
        return happened
            ? ("skip", ["skip", runId, "--step", incident, "--reason", "its effect is there"])
            : ("retry", ["retry", runId, "--step", incident, "--reason", "its effect is missing"]);
    }

    /// <summary>Runs one command; with <paramref name="random"/>, SIGKILLs its process group at a random moment of its expected life.</summary>
    private static async Task<bool> RunOnceAsync(CwHome home, string kind, string[] args, Random? random, Lifetimes lifetimes)
    {
        var start = home.StartInfo(args);
        // Half the kills come from inside, right after a random durable commit (the narrow gaps between two commits);
        // the other half from outside at a random moment (start-up, a step's command, anything in between).
        var fromInside = random is not null && random.NextDouble() < 0.5;
        if (fromInside)
        {
            // Skewed to the first commits: a resuming process raises its incident and settles within its first three.
            var commit = 1 + (int)(30 * Math.Pow(random!.NextDouble(), 2));
            start.Environment[CrashPoints.Variable] = commit.ToString(CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        var started = Stopwatch.StartNew();
        var exited = process.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        if (random is not null && !fromInside)
        {
            var at = lifetimes.Of(kind) * (0.1 + (random.NextDouble() * 0.9));
            if (await Task.WhenAny(exited, Task.Delay(at, deadline.Token)) != exited)
            {
                CwHome.KillGroup(process.Id);
                await exited;
                await drain;
                return true;
            }
        }

        try
        {
            await exited.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            CwHome.KillGroup(process.Id);
            throw new TimeoutException($"cw {string.Join(' ', args)} did not finish in 90 s");
        }

        await drain;
        if (process.ExitCode == 128 + 9)
        {
            return true;
        }

        lifetimes.Observe(kind, started.Elapsed);
        return false;
    }

    private static string? Verify(string effects, bool idempotent, int kills, List<string> history)
    {
        var lines = Waits.Lines(effects);
        foreach (var effect in CrashRunbook.Effects)
        {
            var count = lines.Count(l => l == effect);
            var ok = idempotent ? count >= 1 && count <= 1 + kills : count == 1;
            if (!ok)
            {
                return $"'{effect}' happened {count} times ({kills} kills); effects: {string.Join(',', lines)}; history:\n{string.Join('\n', history)}";
            }
        }

        return null;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Each command's typical lifetime when not killed (a moving average), where its kills are drawn from.</summary>
    private sealed class Lifetimes
    {
        private readonly Dictionary<string, double> millis = new(StringComparer.Ordinal);
        private readonly Lock gate = new();

        public TimeSpan Of(string kind)
        {
            lock (gate)
            {
                return TimeSpan.FromMilliseconds(millis.GetValueOrDefault(kind, 700));
            }
        }

        public void Observe(string kind, TimeSpan elapsed)
        {
            lock (gate)
            {
                millis[kind] = millis.TryGetValue(kind, out var old) ? (0.8 * old) + (0.2 * elapsed.TotalMilliseconds) : elapsed.TotalMilliseconds;
            }
        }
    }

    private sealed class KillStats
    {
        private readonly Dictionary<string, int> byKind = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> leftBehind = new(StringComparer.Ordinal);
        private readonly Lock gate = new();
        private int incidents;

        public int Kills
        {
            get
            {
                lock (gate)
                {
                    return byKind.Values.Sum();
                }
            }
        }

        public int DecisionsKilled
        {
            get
            {
                lock (gate)
                {
                    return byKind.GetValueOrDefault("skip") + byKind.GetValueOrDefault("retry");
                }
            }
        }

        public int Incidents => Volatile.Read(ref incidents);

        public void Count(string kind)
        {
            lock (gate)
            {
                byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
            }
        }

        public void Incident() => Interlocked.Increment(ref incidents);

        /// <summary>Counts what a kill left behind, to show the injection reached the windows that matter.</summary>
        public void Left(string what)
        {
            lock (gate)
            {
                leftBehind[what] = leftBehind.GetValueOrDefault(what) + 1;
            }
        }

        public static string Classify(TrialState? state)
        {
            if (state is null)
            {
                return "no run yet";
            }

            if (state.Journal.Any(r => r is { Superseded: false, Status: StepStatus.Running }))
            {
                return "a step cut off while running";
            }

            var open = state.OpenIncidents().Any();
            return (state.Run.Status, open) switch
            {
                (RunStatus.Faulted, true) => "incident raised and settled",
                (_, true) => "incident recorded, run not settled",
                (RunStatus.Faulted, false) => "retry recorded, run not yet driven",
                (RunStatus.Pending, false) => "decision recorded or run created, not yet driven",
                _ => $"between steps ({state.Run.Status.ToString().ToLowerInvariant()})",
            };
        }

        public override string ToString()
        {
            lock (gate)
            {
                static string List(Dictionary<string, int> counts) =>
                    string.Join(", ", counts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
                return $"kills: {List(byKind)}; decisions taken: {incidents}; what the kills left: {List(leftBehind)}";
            }
        }
    }
}
