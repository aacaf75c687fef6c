using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Tests;

public sealed class PreflightTests
{
    [Fact]
    public void Require_MissingTool_NamesPackageAndSetupScript()
    {
        var ex = Assert.Throws<LabException>(() => Tools.Require("cw-no-such-tool", "cw-some-package"));

        Assert.Contains("cw-some-package", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/lab-setup.sh", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingExecutable_ClearLabException()
    {
        var ex = await Assert.ThrowsAsync<LabException>(() => ProcessRunner.RunAsync("/nonexistent/cw-tool", [], CancellationToken.None));

        Assert.Contains("cannot run '/nonexistent/cw-tool'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FailingCommand_MessageCarriesItsError()
    {
        var ex = await Assert.ThrowsAsync<LabException>(() => ProcessRunner.CheckAsync("sh", ["-c", "echo boom >&2; exit 3"], CancellationToken.None));

        Assert.Contains("exit 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_AsThisUser_RootCheckAgreesWithStatus()
    {
        var problems = Preflight.Problems(needDebootstrap: false);

        Assert.Equal(!Preflight.IsRoot(), problems.Any(p => p.Contains("must run as root", StringComparison.Ordinal)));
        Assert.DoesNotContain(problems, p => p.Contains("debootstrap", StringComparison.Ordinal));
    }
}
