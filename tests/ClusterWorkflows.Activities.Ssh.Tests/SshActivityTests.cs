using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace ClusterWorkflows.Activities.Ssh.Tests;

public sealed class SshActivityTests(SshServer server) : IClassFixture<SshServer>, IDisposable
{
    private readonly TempDirectory temp = new("cw-ssh-tests");

    public void Dispose() => temp.Dispose();

    private ActivityHarness Harness(IDictionary<string, string>? extraSecrets = null)
    {
        var vault = server.Vault();
        foreach (var (k, v) in extraSecrets ?? new Dictionary<string, string>())
        {
            vault.SetAsync(k, v, CancellationToken.None).GetAwaiter().GetResult();
        }

        return new ActivityHarness(s => s.AddSshActivities().AddSingleton<ISecretVault>(vault));
    }

    private JsonObject Run(string command, string knownHosts, bool tofu = false) =>
        new() { ["connection"] = server.Connection(knownHosts, tofu), ["command"] = command };

    [Fact]
    public async Task Run_Command_StreamsLinesAndReturnsExitCode()
    {
        await using var harness = Harness();
        var input = Run("echo one; echo two; echo oops >&2; exit 3", server.NewKnownHosts());
        input["successExitCodes"] = new JsonArray(3);

        var result = await harness.InvokeAsync("ssh.run@1", input);

        Assert.Equal(3, result.Outputs["exitCode"]!.GetValue<int>());
        Assert.Equal("one\ntwo", result.Outputs["stdout"]!.GetValue<string>());
        Assert.Equal("oops", result.Outputs["stderr"]!.GetValue<string>());
        var texts = harness.Log.Texts.ToList();
        Assert.True(texts.IndexOf("one") >= 0 && texts.IndexOf("one") < texts.IndexOf("two"), string.Join('\n', texts));
        Assert.Contains(harness.Log.Lines, l => l.Text == "oops" && l.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Run_FailingExitCode_ThrowsWithStderrTail()
    {
        await using var harness = Harness();
        var ex = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("ssh.run@1", Run("echo broken >&2; exit 2", server.NewKnownHosts())));
        Assert.Equal("ssh.exit", ex.Code);
        Assert.Contains("broken", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EnvironmentAndCheckMode_ExportsVariablesAndCheckModeRunsNothing()
    {
        await using var harness = Harness();
        var marker = temp.File("check-marker");
        var input = Run($"echo \"$GREETING\"; touch '{marker}'", server.NewKnownHosts());
        input["environment"] = new JsonObject { ["GREETING"] = "it's me" };

        var check = await harness.InvokeAsync("ssh.run@1", input, checkMode: true);
        Assert.True(check.Changed);
        Assert.False(File.Exists(marker));

        var real = await harness.InvokeAsync("ssh.run@1", input);
        Assert.Equal("it's me", real.Outputs["stdout"]!.GetValue<string>());
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task Connect_UnknownHostWithoutTrustOnFirstUse_IsRefusedAndRunsNothing()
    {
        await using var harness = Harness();
        var marker = temp.File("unknown-marker");
        var knownHosts = server.EmptyKnownHostsPath();

        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("ssh.run@1", Run($"touch '{marker}'", knownHosts)));

        Assert.Equal("ssh.host-unknown", ex.Code);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(knownHosts));
    }

    [Fact]
    public async Task Connect_UnknownHostWithTrustOnFirstUse_RecordsKeyThenPinsIt()
    {
        await using var harness = Harness();
        var knownHosts = server.EmptyKnownHostsPath();

        var result = await harness.InvokeAsync("ssh.run@1", Run("echo hi", knownHosts, tofu: true));

        Assert.Equal("hi", result.Outputs["stdout"]!.GetValue<string>());
        var recorded = File.ReadAllText(knownHosts).Trim();
        Assert.Equal(server.HostKeyLine.Trim(), recorded);
    }

    [Fact]
    public async Task Connect_ChangedHostKey_RefusesWithBothFingerprintsAndRunsNothing()
    {
        // Its own server: the host key is replaced.
        var own = new SshServer();
        await own.InitializeAsync();
        try
        {
            var oldKnownHosts = own.NewKnownHosts();
            await own.RestartAsync(newHostKey: true);
            var marker = temp.File("mismatch-marker");
            var vault = own.Vault();
            await using var harness = new ActivityHarness(s => s.AddSshActivities().AddSingleton<ISecretVault>(vault));
            var input = new JsonObject { ["connection"] = own.Connection(oldKnownHosts, trustOnFirstUse: true), ["command"] = $"touch '{marker}'" };

            var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("ssh.run@1", input));

            Assert.Equal("ssh.host-key-mismatch", ex.Code);
            var oldFingerprint = Fingerprint(File.ReadAllText(oldKnownHosts));
            var newFingerprint = Fingerprint(own.HostKeyLine);
            Assert.Contains(oldFingerprint, ex.Message, StringComparison.Ordinal);
            Assert.Contains(newFingerprint, ex.Message, StringComparison.Ordinal);
            Assert.Contains($"[127.0.0.1]:{own.Port}", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(marker));
            Assert.Single(File.ReadAllLines(oldKnownHosts), l => l.Length > 0);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pool_TwoSteps_ReuseOneConnectionAndRecoverAfterDrop()
    {
        var own = new SshServer();
        await own.InitializeAsync();
        try
        {
            var vault = own.Vault();
            await using var harness = new ActivityHarness(s => s.AddSshActivities().AddSingleton<ISecretVault>(vault));
            var pool = harness.Services.GetRequiredService<SshConnectionPool>();
            var input = new JsonObject { ["connection"] = own.Connection(own.NewKnownHosts()), ["command"] = "echo ok" };

            await harness.InvokeAsync("ssh.run@1", input);
            await harness.InvokeAsync("ssh.run@1", input);
            Assert.Equal(1, pool.ConnectionsOpened);

            await own.RestartAsync(newHostKey: false);
            var after = await harness.InvokeAsync("ssh.run@1", input);

            Assert.Equal("ok", after.Outputs["stdout"]!.GetValue<string>());
            Assert.Equal(2, pool.ConnectionsOpened);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task Run_CancelledMidway_ClosesChannelAndThrows()
    {
        await using var harness = Harness();
        using var cts = new CancellationTokenSource();
        var run = harness.InvokeAsync("ssh.run@1", Run("echo started; sleep 60", server.NewKnownHosts()), ct: cts.Token);
        await harness.Log.WaitForTextAsync("started", TimeSpan.FromSeconds(20));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Run_Timeout_ThrowsTimeoutCode()
    {
        await using var harness = Harness();
        var input = Run("sleep 60", server.NewKnownHosts());
        input["timeout"] = "300ms";

        var ex = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("ssh.run@1", input).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal("ssh.timeout", ex.Code);
    }

    [Fact]
    public async Task EnsureFile_ChangedThenUnchanged_AndModeFixed()
    {
        await using var harness = Harness();
        var path = temp.File("config.txt");
        var input = new JsonObject { ["connection"] = server.Connection(server.NewKnownHosts()), ["path"] = path, ["content"] = "a=1\n", ["mode"] = "0640" };

        var first = await harness.InvokeAsync("ssh.ensureFile@1", input);
        var second = await harness.InvokeAsync("ssh.ensureFile@1", input);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var third = await harness.InvokeAsync("ssh.ensureFile@1", input);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.True(third.Changed);
        Assert.False(third.Outputs["contentChanged"]!.GetValue<bool>());
        Assert.True(third.Outputs["attributesChanged"]!.GetValue<bool>());
        Assert.Equal("a=1\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(temp.Path, ".config.txt.cw-*"));
    }

    [Fact]
    public async Task EnsureFile_OwnerDiffers_IsFixed()
    {
        await using var harness = Harness();
        var path = temp.File("owned.txt");
        File.WriteAllText(path, "x");
        var input = new JsonObject
        {
            ["connection"] = server.Connection(server.NewKnownHosts()),
            ["path"] = path,
            ["content"] = "x",
            ["owner"] = "nobody",
        };

        var result = await harness.InvokeAsync("ssh.ensureFile@1", input);
        var again = await harness.InvokeAsync("ssh.ensureFile@1", input);

        Assert.True(result.Changed);
        Assert.False(again.Changed);
        var stat = await harness.InvokeAsync("ssh.run@1", Run($"stat -c %U '{path}'", server.NewKnownHosts()));
        Assert.Equal("nobody", stat.Outputs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task EnsureFile_ContentSecret_WritesValueButNeverLogsOrOutputsIt()
    {
        const string Value = "-----BEGIN s3cr3t-material-----";
        await using var harness = Harness(new Dictionary<string, string> { ["tls_key"] = Value });
        var path = temp.File("key.pem");
        var input = new JsonObject { ["connection"] = server.Connection(server.NewKnownHosts()), ["path"] = path, ["contentSecret"] = "tls_key" };

        var result = await harness.InvokeAsync("ssh.ensureFile@1", input);

        Assert.Equal(Value, File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.DoesNotContain("s3cr3t", result.Outputs.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Log.Texts, t => t.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnsureDirectory_Missing_CreatedThenUnchanged()
    {
        await using var harness = Harness();
        var path = temp.File("a/b/c");
        var input = new JsonObject { ["connection"] = server.Connection(server.NewKnownHosts()), ["path"] = path, ["mode"] = "0700" };

        var check = await harness.InvokeAsync("ssh.ensureDirectory@1", input, checkMode: true);
        Assert.True(check.Changed);
        Assert.False(Directory.Exists(path));

        var first = await harness.InvokeAsync("ssh.ensureDirectory@1", input);
        var second = await harness.InvokeAsync("ssh.ensureDirectory@1", input);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task EnsureLine_RegexpReplacesAndAbsentRemoves()
    {
        await using var harness = Harness();
        var path = temp.File("sshd_config");
        File.WriteAllText(path, "Port 22\n#PermitRootLogin yes\nUsePAM yes\n");
        var connection = server.Connection(server.NewKnownHosts());
        var replace = new JsonObject { ["connection"] = connection.DeepClone(), ["path"] = path, ["line"] = "PermitRootLogin no", ["regexp"] = "^#?PermitRootLogin" };
        var remove = new JsonObject { ["connection"] = connection.DeepClone(), ["path"] = path, ["state"] = "absent", ["regexp"] = "^UsePAM" };

        var first = await harness.InvokeAsync("ssh.ensureLine@1", replace);
        var again = await harness.InvokeAsync("ssh.ensureLine@1", replace);
        var removed = await harness.InvokeAsync("ssh.ensureLine@1", remove);

        Assert.True(first.Changed);
        Assert.False(again.Changed);
        Assert.True(removed.Changed);
        Assert.Equal("Port 22\nPermitRootLogin no\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task WaitFor_PortOpen_ReturnsUnchanged_AndClosedPortTimesOut()
    {
        await using var harness = Harness();
        var knownHosts = server.NewKnownHosts();
        var open = await harness.InvokeAsync("ssh.waitFor@1", new JsonObject { ["connection"] = server.Connection(knownHosts), ["port"] = server.Port });
        Assert.False(open.Changed);
        Assert.Equal(1, open.Outputs["attempts"]!.GetValue<int>());

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var closed = new JsonObject { ["connection"] = server.Connection(knownHosts), ["port"] = closedPort, ["timeout"] = "1s", ["interval"] = "200ms" };
        var ex = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("ssh.waitFor@1", closed));
        Assert.Equal("ssh.wait-timeout", ex.Code);
    }

    [Fact]
    public async Task WaitFor_CommandSucceedsLater_WaitsUntilThen()
    {
        await using var harness = Harness();
        var marker = temp.File("ready");
        var input = new JsonObject { ["connection"] = server.Connection(server.NewKnownHosts()), ["command"] = $"test -e '{marker}'", ["timeout"] = "30s", ["interval"] = "100ms" };

        var wait = harness.InvokeAsync("ssh.waitFor@1", input);
        await harness.Log.WaitForTextAsync("attempt 1:", TimeSpan.FromSeconds(20));
        File.WriteAllText(marker, "");
        var result = await wait.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(result.Outputs["attempts"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public async Task EnsureSystemdUnit_WritesReloadsEnablesRestartsOnlyWhenChanged()
    {
        await using var harness = Harness();
        var systemctl = new FakeSystemctl(temp.File("systemd"));
        var input = new JsonObject
        {
            ["connection"] = server.Connection(server.NewKnownHosts()),
            ["name"] = "etcd.service",
            ["content"] = "[Service]\nExecStart=/usr/bin/etcd\n",
            ["unitDirectory"] = systemctl.Directory,
            ["systemctl"] = systemctl.Path,
        };

        var first = await harness.InvokeAsync("ssh.ensureSystemdUnit@1", input);
        var callsAfterFirst = systemctl.Calls.Where(c => !c.StartsWith("is-", StringComparison.Ordinal)).ToList();
        var second = await harness.InvokeAsync("ssh.ensureSystemdUnit@1", input);
        systemctl.Stop("etcd.service");
        var third = await harness.InvokeAsync("ssh.ensureSystemdUnit@1", input);

        Assert.True(first.Changed);
        Assert.Equal("restarted", first.Outputs["action"]!.GetValue<string>());
        Assert.Equal(["daemon-reload", "enable etcd.service", "restart etcd.service"], callsAfterFirst);
        Assert.False(second.Changed);
        Assert.True(third.Changed);
        Assert.Equal("started", third.Outputs["action"]!.GetValue<string>());
        Assert.Equal("start etcd.service", systemctl.Calls[^1]);
        Assert.Equal("[Service]\nExecStart=/usr/bin/etcd\n", File.ReadAllText(Path.Combine(systemctl.Directory, "etcd.service")));
    }

    private static string Fingerprint(string knownHostsLine)
    {
        var blob = Convert.FromBase64String(knownHostsLine.Trim().Split(' ')[2]);
        return "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(blob)).TrimEnd('=');
    }
}
