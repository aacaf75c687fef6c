using System.Globalization;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Activities.Core.Tests.Commands;

public sealed class RunLocalCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly TempDirectory temp = new("cw-core-command");

    [Fact]
    public async Task Execute_StreamsStdoutLinesInOrder()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "seq", ["args"] = new JsonArray("1", "200") });

        var expected = Enumerable.Range(1, 200).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var logged = harness.Log.Lines.Where(l => l.Level == LogLevel.Info && int.TryParse(l.Text, out _)).Select(l => l.Text).ToList();
        Assert.Equal(expected, logged);
        Assert.Equal(string.Join('\n', expected), result.Outputs["stdout"]!.GetValue<string>());
        Assert.Equal(0, result.Outputs["exitCode"]!.GetValue<int>());
        Assert.True(result.Changed);
        Assert.Equal("$ seq 1 200", harness.Log.Lines[0].Text);
    }

    [Fact]
    public async Task Execute_StderrLines_AreWarnings()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "echo out; echo err >&2",
            ["shell"] = true,
        });

        Assert.Contains(new LogLine(LogLevel.Info, "out"), harness.Log.Lines);
        Assert.Contains(new LogLine(LogLevel.Warning, "err"), harness.Log.Lines);
        Assert.Equal("out", result.Outputs["stdout"]!.GetValue<string>());
        Assert.Equal("err", result.Outputs["stderr"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_LinesAreLoggedWhileTheCommandStillRuns()
    {
        await using var harness = CoreHarness.Create();
        using var cts = new CancellationTokenSource();

        var run = harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "echo first; sleep 30", ["shell"] = true }, ct: cts.Token);
        await harness.Log.WaitForTextAsync("first", Deadline);

        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Execute_ArgsArePassedVerbatimWithoutShell()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "printf",
            ["args"] = new JsonArray("%s|", "a b", "c'd", "$HOME"),
        });

        Assert.Equal("a b|c'd|$HOME|", result.Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_ShellWithArgs_PassesThemAsPositionalParameters()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "printf '%s|' \"$@\"",
            ["shell"] = true,
            ["args"] = new JsonArray("x y", "z"),
        });

        Assert.Equal("x y|z|", result.Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_Environment_IsVisibleToTheCommand()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "printf %s \"$CW_TEST_GREETING\"",
            ["shell"] = true,
            ["environment"] = new JsonObject { ["CW_TEST_GREETING"] = "hello world" },
        });

        Assert.Equal("hello world", result.Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_WorkingDirectory_IsUsed()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "pwd", ["workingDirectory"] = temp.Path });

        Assert.Equal(temp.Path, result.Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_MissingWorkingDirectory_ThrowsNonRetryable()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "pwd",
            ["workingDirectory"] = temp.File("missing"),
        }));

        Assert.Equal("command.bad-working-directory", error.Code);
    }

    [Fact]
    public async Task Execute_StdinIsClosed_SoReadersDoNotHang()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "cat" }).WaitAsync(Deadline);

        Assert.Equal("", result.Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_ExitCodeNotAllowed_ThrowsRetryableWithCodeAndStderr()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "echo 'disk is full' >&2; exit 3",
            ["shell"] = true,
        }));

        Assert.Equal("command.exit", error.Code);
        Assert.True(error.Retryable);
        Assert.Contains("code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("disk is full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ExitCodeInSuccessExitCodes_Succeeds()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "exit 3",
            ["shell"] = true,
            ["successExitCodes"] = new JsonArray(0, 3),
        });

        Assert.Equal(3, result.Outputs["exitCode"]!.GetValue<int>());
        Assert.True(result.Changed);
    }

    [Fact]
    public async Task Execute_ZeroNotInSuccessExitCodes_Throws()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "true",
            ["successExitCodes"] = new JsonArray(1),
        }));

        Assert.Equal("command.exit", error.Code);
    }

    [Fact]
    public async Task Execute_UnknownExecutable_ThrowsNonRetryableNotFound()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "cw-no-such-command-here" }));

        Assert.Equal("command.not-found", error.Code);
    }

    [Fact]
    public async Task Execute_UnknownCommandInShell_ThrowsNonRetryableNotFound()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "cw-no-such-command-here --flag", ["shell"] = true }));

        Assert.Equal("command.not-found", error.Code);
    }

    [Fact]
    public async Task Cancel_KillsTheWholeProcessTree()
    {
        await using var harness = CoreHarness.Create();
        using var cts = new CancellationTokenSource();

        var run = harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "sleep 30 & echo $!; wait", ["shell"] = true }, ct: cts.Token);
        var child = await ChildPidAsync(harness);
        Assert.True(ProcessState.IsAlive(child));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
        await Eventually.AssertAsync(() => !ProcessState.IsAlive(child), Deadline, $"child process {child} is gone");
    }

    [Fact]
    public async Task Timeout_KillsTheWholeProcessTree_AndThrowsRetryableTimeout()
    {
        var time = new FakeTimeProvider();
        await using var harness = CoreHarness.Create(time);

        var run = harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "sleep 30 & echo $!; wait",
            ["shell"] = true,
            ["timeout"] = "10s",
        });
        var child = await ChildPidAsync(harness);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ActivityException>(() => run.WaitAsync(Deadline));
        Assert.Equal("command.timeout", error.Code);
        Assert.True(error.Retryable);
        await Eventually.AssertAsync(() => !ProcessState.IsAlive(child), Deadline, $"child process {child} is gone");
    }

    [Fact]
    public async Task Creates_PathExists_DoesNotRun()
    {
        await using var harness = CoreHarness.Create();
        var marker = temp.File("marker");
        await File.WriteAllTextAsync(marker, "");
        var other = temp.File("other");

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "touch",
            ["args"] = new JsonArray(other),
            ["creates"] = marker,
        });

        Assert.False(result.Changed);
        Assert.False(File.Exists(other));
        Assert.Contains(harness.Log.Lines, l => l.Text.StartsWith("skipped:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Creates_RelativeToWorkingDirectory_RunsOnceThenSkips()
    {
        await using var harness = CoreHarness.Create();
        var input = new JsonObject
        {
            ["command"] = "touch",
            ["args"] = new JsonArray("made"),
            ["workingDirectory"] = temp.Path,
            ["creates"] = "made",
        };

        var first = await harness.InvokeAsync("core.command@1", input);
        var second = await harness.InvokeAsync("core.command@1", input);

        Assert.True(first.Changed);
        Assert.True(File.Exists(temp.File("made")));
        Assert.False(second.Changed);
    }

    [Fact]
    public async Task Removes_PathMissing_DoesNotRun()
    {
        await using var harness = CoreHarness.Create();
        var other = temp.File("other");

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "touch",
            ["args"] = new JsonArray(other),
            ["removes"] = temp.File("absent"),
        });

        Assert.False(result.Changed);
        Assert.False(File.Exists(other));
    }

    [Fact]
    public async Task Removes_PathExists_Runs()
    {
        await using var harness = CoreHarness.Create();
        var old = temp.File("old.conf");
        await File.WriteAllTextAsync(old, "x");

        var result = await harness.InvokeAsync("core.command@1", new JsonObject
        {
            ["command"] = "rm",
            ["args"] = new JsonArray(old),
            ["removes"] = old,
        });

        Assert.True(result.Changed);
        Assert.False(File.Exists(old));
    }

    [Fact]
    public async Task CheckMode_DoesNotRun_AndReportsChanged()
    {
        await using var harness = CoreHarness.Create();
        var marker = temp.File("check-marker");

        var result = await harness.InvokeAsync(
            "core.command@1",
            new JsonObject { ["command"] = "touch", ["args"] = new JsonArray(marker) },
            checkMode: true);

        Assert.False(File.Exists(marker));
        Assert.True(result.Changed);
        Assert.Contains(harness.Log.Lines, l => l.Text.StartsWith("check mode: would run touch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckMode_CreatesExists_ReportsUnchanged()
    {
        await using var harness = CoreHarness.Create();
        var marker = temp.File("present");
        await File.WriteAllTextAsync(marker, "");

        var result = await harness.InvokeAsync(
            "core.command@1",
            new JsonObject { ["command"] = "touch", ["args"] = new JsonArray(temp.File("never")), ["creates"] = marker },
            checkMode: true);

        Assert.False(result.Changed);
        Assert.False(File.Exists(temp.File("never")));
    }

    [Fact]
    public async Task LongOutput_KeepsTheLast64KiB()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "seq", ["args"] = new JsonArray("1", "30000") });

        var stdout = result.Outputs["stdout"]!.GetValue<string>();
        Assert.Equal(64 * 1024, stdout.Length);
        Assert.EndsWith("\n29999\n30000", stdout, StringComparison.Ordinal);
        Assert.Contains(harness.Log.Lines, l => l.Text.Contains("64 KiB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timeout_Zero_ThrowsNonRetryable()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.command@1", new JsonObject { ["command"] = "true", ["timeout"] = "0s" }));

        Assert.Equal("command.bad-input", error.Code);
    }

    public void Dispose() => temp.Dispose();

    private static async Task<int> ChildPidAsync(ActivityHarness harness)
    {
        var line = await harness.Log.WaitForAsync(l => int.TryParse(l.Text, out _), Deadline);
        return int.Parse(line.Text, CultureInfo.InvariantCulture);
    }
}
