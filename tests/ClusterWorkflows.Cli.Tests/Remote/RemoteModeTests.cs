using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Cli.Tests.Remote;

/// <summary>
/// The real <c>cw</c> with <c>--server</c> and <c>--token</c> against a real cw-server: the same
/// output and exit codes as embedded mode, and never a database of its own.
/// </summary>
public sealed partial class RemoteModeTests(RemoteServer server) : IClassFixture<RemoteServer>, IDisposable
{
    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Run_SavedRunbook_PrintsStepLinesAndExitsZero()
    {
        var result = await Cw("run", "steps", "--input", "count=2");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("+ first ok", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ each[item1]/say ok", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ last ok", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"run [0-9a-f-]{36} completed in .*: ok=4 changed=0 failed=0", result.Stdout);
        Assert.Empty(Directory.EnumerateFiles(home.Root, "cw.db*"));
    }

    [Fact]
    public async Task Run_FaultingRunbook_ExitsOneThenRetryCompletesIt()
    {
        var failed = await Cw("run", "fail-once");
        Assert.True(failed.ExitCode == 1, failed.All);
        Assert.Contains("incident at flaky", failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("the drill failed once", failed.Stdout, StringComparison.Ordinal);

        var retried = await Cw("retry", RunId(failed), "--reason", "drill over");

        Assert.True(retried.ExitCode == 0, retried.All);
        Assert.Contains("retry: run", retried.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ after ok", retried.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("+ before ok", retried.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed", retried.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ApprovalRunbook_ExitsThreeThenApproveCompletesIt()
    {
        var waiting = await Cw("run", "needs-approval");
        Assert.True(waiting.ExitCode == 3, waiting.All);
        Assert.Contains("waiting for approval at ask", waiting.Stdout, StringComparison.Ordinal);

        var approved = await Cw("approve", RunId(waiting), "--reason", "change window open", "--logs");

        Assert.True(approved.ExitCode == 0, approved.All);
        Assert.Contains("done: approved", approved.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ ask ok", approved.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("~ ask", approved.Stdout, StringComparison.Ordinal);
        var audit = await Cw("audit", "--run", RunId(waiting));
        Assert.Contains("step.approve", audit.Stdout, StringComparison.Ordinal);
        Assert.Contains("change window open", audit.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsAndShow_Json_ParseAndDescribeTheRun()
    {
        var run = await Cw("run", "steps", "--detach");
        Assert.True(run.ExitCode == 0, run.All);
        var id = run.Stdout.Trim();

        JsonNode? shown = null;
        await Waits.UntilAsync(
            async () =>
            {
                var show = await Cw("show", id, "--json");
                Assert.True(show.ExitCode == 0, show.All);
                shown = JsonNode.Parse(show.Stdout);
                return shown!["status"]!.GetValue<string>() == "completed";
            },
            TimeSpan.FromSeconds(60),
            "the detached run to complete on the server");
        var runs = JsonNode.Parse((await Cw("runs", "--workflow", "steps", "--json")).Stdout)!.AsArray();

        Assert.Contains(runs, r => r!["id"]!.GetValue<string>() == id && r["status"]!.GetValue<string>() == "completed");
        Assert.Equal("steps", shown!["workflow"]!.GetValue<string>());
        Assert.Contains(shown["journal"]!.AsArray(), s => s!["path"]!.GetValue<string>() == "last" && s["status"]!.GetValue<string>() == "completed");
    }

    [Fact]
    public async Task Show_JournalLongerThanOnePage_EveryRecordFromEveryPage()
    {
        var run = await Cw("run", "steps", "--input", "count=700", "--detach");
        Assert.True(run.ExitCode == 0, run.All);
        var id = run.Stdout.Trim();

        JsonNode? shown = null;
        await Waits.UntilAsync(
            async () =>
            {
                var show = await Cw("show", id, "--json");
                Assert.True(show.ExitCode == 0, show.All);
                shown = JsonNode.Parse(show.Stdout);
                return shown!["status"]!.GetValue<string>() == "completed";
            },
            TimeSpan.FromSeconds(90),
            "the 700-item run to complete on the server");

        // The server pages the journal by 500: 700 items, their loop and two more steps take two pages.
        var journal = shown!["journal"]!.AsArray();
        Assert.Equal(700, journal.Count(s => s!["path"]!.GetValue<string>().StartsWith("each", StringComparison.Ordinal) && s["item"] is not null));
        Assert.Contains(journal, s => s!["path"]!.GetValue<string>() == "last");
        Assert.Equal(journal.Count, journal.Select(s => s!["sequence"]?.ToJsonString() + s["path"] + s["item"] + s["attempt"]).Distinct().Count());
    }

    [Fact]
    public async Task Run_ThousandUndeclaredInputs_ShowsTheFirstHundredAndHowManyMore()
    {
        var inputs = home.Write("inputs.json", "{" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"i{i}\": 1")) + "}");

        var result = await Cw("run", "steps", "--inputs-file", inputs);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("900 more are not", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.Split('\n').Length < 110, result.Stderr[..Math.Min(2000, result.Stderr.Length)]);
    }

    [Fact]
    public async Task Secret_SetFromStdinWithEnvironmentSettings_ListedByNameAndValueShownNowhere()
    {
        const string planted = "PLANTED-remote-secret-7731";
        home.Environment["CW_SERVER"] = server.Url;
        home.Environment["CW_TOKEN"] = server.AdminToken;

        var outputs = new List<CwResult> { await home.RunAsync(["secret", "set", "remote_pw"], planted + "\n") };
        outputs.Add(await home.RunAsync("secret", "list"));
        outputs.Add(await home.RunAsync("audit", "--limit", "20"));

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, o.All));
        Assert.Contains("remote_pw", outputs[1].Stdout.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Contains("secret.set", outputs[2].Stdout, StringComparison.Ordinal);
        Assert.All(outputs, o => Assert.DoesNotContain(planted, o.All, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_InvalidRunbookFile_ExitsTwoWithEachFieldProblem()
    {
        var file = home.Write("bad.yaml", """
            id: bad-remote
            version: 1
            steps:
              - id: one
                uses: core.lgo@1
            """);

        var result = await Cw("run", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:5:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("core.lgo", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_WrongToken_ExitsTwoWithoutShowingTheToken()
    {
        const string secretPart = "WRONGwrongWRONGwrongWRONGwrongWRONGwrongWRO";
        var token = $"cwt_000000000000_{secretPart}";

        var result = await home.RunAsync("--server", server.Url, "--token", token, "runs");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("token", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ViewerToken_ExitsTwoNamingTheRoleNeeded()
    {
        var result = await home.RunAsync("--server", server.Url, "--token", server.ViewerToken, "run", "steps");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("role", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("operator", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.ViewerToken, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_NothingListening_ExitsTwoNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await home.RunAsync("--server", url, "--token", server.AdminToken, "runs");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot reach the server at {url}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminToken, result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("resume")]
    [InlineData("prune")]
    [InlineData("token", "list")]
    [InlineData("lab", "status")]
    public async Task EmbeddedOnlyCommand_WithServer_ExitsTwo(params string[] command)
    {
        var result = await Cw(command);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot use a server", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(home.Root, "cw.db*"));
    }

    private Task<CwResult> Cw(params string[] args) =>
        home.RunAsync(["--server", server.Url, "--token", server.AdminToken, .. args]);

    private static string RunId(CwResult result)
    {
        var match = RunLine().Match(result.Stdout);
        Assert.True(match.Success, $"no run id in: {result.All}");
        return match.Groups[1].Value;
    }

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^run ([0-9a-f-]{36}) of ", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}
