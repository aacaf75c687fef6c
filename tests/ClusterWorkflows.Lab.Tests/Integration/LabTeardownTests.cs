using System.Globalization;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Tests.Integration;

[Collection(LabCollection.Name)]
public sealed class LabTeardownTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cw-lab-down-");
    private readonly LabLayout _layout;
    private readonly LabEngine _engine;

    public LabTeardownTests()
    {
        _layout = LabLayout.Create("cwdown", "10.77.201.0/24", Path.Combine(_dir.FullName, "lab"));
        _engine = new LabEngine(_layout);
    }

    [LabFact]
    public async Task Down_AfterCrashedController_LeavesNothingBehindAndIsSafeTwice()
    {
        try
        {
            await _engine.DownAsync(CancellationToken.None);
            var hiddenBefore = HiddenHierarchyCgroups();
            var unifiedDockerBefore = Directory.Exists("/sys/fs/cgroup/unified/docker");
            await _engine.UpAsync(new LabOptions(_layout, 3), CancellationToken.None);

            // Make the hosts' own dockerd create cgroups too: they must go when the lab goes.
            var run = await Ssh.RunAsync(_layout, "node3", "docker run --rm --network none busybox:latest true");
            Assert.True(run.Ok, run.StdErr);

            // A crash: the lab's dockerd dies hard and the state file is lost; down must still find everything.
            var pid = int.Parse(File.ReadAllText(_layout.PidFile).Trim(), CultureInfo.InvariantCulture);
            await ProcessRunner.CheckAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
            File.Delete(_layout.StateFile);

            await _engine.DownAsync(CancellationToken.None);
            await AssertNothingLeftAsync();
            // The kernel frees cgroups of exited processes asynchronously: wait for the counts with a deadline.
            SpinWait.SpinUntil(() => HiddenHierarchyCgroups() == hiddenBefore, TimeSpan.FromSeconds(15));
            Assert.Equal(hiddenBefore, HiddenHierarchyCgroups());
            Assert.Equal(unifiedDockerBefore, Directory.Exists("/sys/fs/cgroup/unified/docker"));

            await _engine.DownAsync(CancellationToken.None);
            await AssertNothingLeftAsync();
        }
        finally
        {
            await _engine.DownAsync(CancellationToken.None);
        }
    }

    [LabFact]
    public async Task Up_MirrorUnreachable_ClearErrorAndNothingLeftBehind()
    {
        var cache = Path.Combine(_dir.FullName, "cache");

        var ex = await Assert.ThrowsAsync<LabException>(() =>
            _engine.UpAsync(new LabOptions(_layout, 1, Mirror: "http://127.0.0.1:9/debian", CacheDir: cache), CancellationToken.None));

        Assert.Contains("unreachable", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cache, "*.tar"));
        Assert.Empty(Directory.GetDirectories(cache));
        await AssertNothingLeftAsync();
    }

    [LabFact]
    public async Task Up_SubnetInUse_ClearErrorAndNothingCreated()
    {
        var other = LabLayout.Create("cwclash", "10.77.201.0/24", Path.Combine(_dir.FullName, "other"));
        await ProcessRunner.CheckAsync("ip", ["link", "add", "cwclash-x", "type", "veth", "peer", "name", "cwclash-y"], CancellationToken.None);
        try
        {
            await ProcessRunner.CheckAsync("ip", ["addr", "add", "10.77.201.5/24", "dev", "cwclash-x"], CancellationToken.None);

            var ex = await Assert.ThrowsAsync<LabException>(() => new LabEngine(other).UpAsync(new LabOptions(other, 1), CancellationToken.None));

            Assert.Contains("10.77.201.0/24 is already in use", ex.Message, StringComparison.Ordinal);
            Assert.False(await Network.LabNetwork.NetnsExistsAsync(other.SwitchNetns, CancellationToken.None));
        }
        finally
        {
            await ProcessRunner.RunAsync("ip", ["link", "del", "cwclash-x"], CancellationToken.None);
        }
    }

    private async Task AssertNothingLeftAsync()
    {
        var teardown = new Teardown(_layout);
        Assert.Empty(teardown.LeftoverProcesses());
        Assert.Empty(teardown.LeftoverLinks());
        Assert.Empty(teardown.LeftoverCgroups());

        var netns = await ProcessRunner.CheckAsync("ip", ["netns", "list"], CancellationToken.None);
        Assert.DoesNotContain("cwlab-" + _layout.Name, netns, StringComparison.Ordinal);
        var links = await ProcessRunner.CheckAsync("ip", ["-o", "link", "show"], CancellationToken.None);
        Assert.DoesNotContain(" " + _layout.Name + "-", links, StringComparison.Ordinal);
        var mounts = await File.ReadAllTextAsync("/proc/self/mountinfo");
        Assert.DoesNotContain(_layout.StateRoot, mounts, StringComparison.Ordinal);
        Assert.DoesNotContain(_layout.RunRoot, mounts, StringComparison.Ordinal);
        Assert.DoesNotContain("cwlab-" + _layout.Name, mounts, StringComparison.Ordinal);
        var processes = await ProcessRunner.CheckAsync("ps", ["-eo", "stat=,args="], CancellationToken.None);
        Assert.DoesNotContain(processes.Split('\n'), p => !p.StartsWith('Z') && (p.Contains(_layout.RunRoot, StringComparison.Ordinal) || p.Contains(_layout.StateRoot, StringComparison.Ordinal)));
        Assert.False(Directory.Exists(_layout.StateRoot));
        Assert.False(Directory.Exists(_layout.RunRoot));
        Assert.False(File.Exists(_layout.StateFile));
    }

    /// <summary>
    /// cgroup counts of the controllers this machine does not mount (net_cls, perf_event, hugetlb...): a cgroup
    /// created there by a host would be invisible from the machine's /sys/fs/cgroup and outlive the lab.
    /// </summary>
    private static string HiddenHierarchyCgroups()
    {
        var mounted = File.ReadAllText("/proc/self/mountinfo");
        return string.Join(";", File.ReadLines("/proc/cgroups").Skip(1)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length >= 3 && !mounted.Contains("/sys/fs/cgroup/" + f[0], StringComparison.Ordinal) && !mounted.Contains("," + f[0] + " ", StringComparison.Ordinal))
            .Select(f => $"{f[0]}={f[2]}"));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
