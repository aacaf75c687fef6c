namespace ClusterWorkflows.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Run_ExampleRunbook_CompletesWithExitZero()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "hello.yaml");
        var result = await home.RunAsync("run", example, "--input", "name=operator");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("completed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailingStep_ExitsOneAndNamesTheIncident()
    {
        var file = home.Write("fail.yaml", """
            id: failing
            version: 1
            steps:
              - id: broken
                uses: core.fail@1
                with: { times: 1, message: "disk full" }
            """);

        var result = await home.RunAsync("run", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("incident at broken", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("disk full", result.Stdout, StringComparison.Ordinal);

        var runs = await home.RunAsync("runs", "--json");
        var retry = await home.RunAsync("retry", CrashTests.RunId(runs.Stdout), "--reason", "freed space");
        Assert.True(retry.ExitCode == 0, retry.All);
    }

    [Fact]
    public async Task Run_BadUsage_ExitsTwo()
    {
        var unknownOption = await home.RunAsync("run", "--no-such-option");
        var missingFile = await home.RunAsync("run", home.File("missing.yaml"));
        var file = home.Write("typed.yaml", """
            id: typed
            version: 1
            inputs:
              count: { type: integer, required: true }
            steps:
              - id: s
                uses: core.log@1
                with: { message: "${{ inputs.count }}" }
            """);
        var badInput = await home.RunAsync("run", file, "--input", "count=many");

        Assert.Equal(2, unknownOption.ExitCode);
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Equal(2, badInput.ExitCode);
        Assert.Contains("input 'count'", badInput.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MalformedRunbook_ReportsEveryErrorWithFileLineAndColumn()
    {
        var file = home.Write("bad.yaml", """
            id: bad
            version: 1
            steps:
              - id: one
                uses: core.lgo@1
              - id: one
                uses: core.log@1
                with: { mesage: hi }
            """);

        var result = await home.RunAsync("validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.yaml:5:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:6:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mesage", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WaitingRun_ContinuesToCompletion()
    {
        var file = home.Write("gate.yaml", """
            id: gate
            version: 1
            steps:
              - id: ask
                approval: { message: "go?" }
              - id: done
                uses: core.log@1
                with: { message: "approved by ${{ steps.ask.outputs.approvedBy[0] }}" }
            """);

        var waiting = await home.RunAsync("run", file);
        Assert.Equal(3, waiting.ExitCode);
        Assert.Contains("cw approve", waiting.Stdout, StringComparison.Ordinal);

        var id = CrashTests.RunId((await home.RunAsync("runs", "--json")).Stdout);
        var approved = await home.RunAsync("approve", id[..8], "--reason", "looks good", "--logs");
        Assert.True(approved.ExitCode == 0, approved.All);
        Assert.Contains("approved by tester", approved.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_PlantedValue_NeverAppearsInCliOutputOrDatabase()
    {
        const string planted = "PLANTED-cli-secret-4411";
        var set = await home.RunAsync(["secret", "set", "token"], planted + "\n");
        Assert.True(set.ExitCode == 0, set.All);
        var file = home.Write("leak.yaml", """
            id: leak
            version: 1
            steps:
              - id: echo
                uses: core.command@1
                with: { command: "echo token=${{ secrets.token }}; exit 1", shell: true }
            """);

        var outputs = new List<CwResult> { await home.RunAsync("run", file, "--logs") };
        var id = CrashTests.RunId((await home.RunAsync("runs", "--json")).Stdout);
        outputs.Add(await home.RunAsync("show", id, "--json"));
        outputs.Add(await home.RunAsync("logs", id));
        outputs.Add(await home.RunAsync("secret", "list"));
        outputs.Add(await home.RunAsync("audit"));

        Assert.All(outputs, o => Assert.DoesNotContain(planted, o.All, StringComparison.Ordinal));
        Assert.Contains("token=***", outputs[2].Stdout, StringComparison.Ordinal);
        Assert.Contains("token", outputs[3].Stdout, StringComparison.Ordinal);
        foreach (var db in Directory.EnumerateFiles(home.Root, "cw.db*"))
        {
            Assert.DoesNotContain(planted, System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(db)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_CheckMode_PrintsPlanAndChangesNothing()
    {
        var marker = home.File("marker");
        var file = home.Write("check.yaml", $$"""
            id: check
            version: 1
            steps:
              - id: touch
                uses: core.command@1
                with: { command: touch, args: ["{{marker}}"], creates: "{{marker}}" }
            """);

        var check = await home.RunAsync("run", file, "--check");

        Assert.True(check.ExitCode == 0, check.All);
        Assert.Contains("check mode plan", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 step(s) would change", check.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task InventoryImport_AnsibleHostsFile_WritesYamlWithSecretReferences()
    {
        var ini = home.Write("hosts", """
            [swarm_managers]
            node1 ansible_host=10.1.0.1 ansible_become_password=hunter2
            node2 ansible_host=10.1.0.2

            [swarm_workers]
            node3 ansible_host=10.1.0.3
            """);

        var result = await home.RunAsync("inventory", "import", ini);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("10.1.0.1", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("cw secret set", result.Stderr, StringComparison.Ordinal);
    }
}
