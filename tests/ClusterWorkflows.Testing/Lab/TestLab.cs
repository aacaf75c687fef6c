using ClusterWorkflows.Lab;
using Xunit;

namespace ClusterWorkflows.Testing.Lab;

/// <summary>
/// A real lab for a test class: cleared first if a crashed run left one with the same name, always
/// torn down afterwards, and its creation failure reported by each test rather than hidden.
/// </summary>
public class TestLab : IAsyncLifetime
{
    private readonly DirectoryInfo dir = System.IO.Directory.CreateTempSubdirectory("cw-lab-tests-");
    private readonly int hosts;

    public TestLab(string name, string subnet, int hosts)
    {
        this.hosts = hosts;
        Layout = LabLayout.Create(name, subnet, Path.Combine(dir.FullName, "lab"));
        Engine = new LabEngine(Layout);
    }

    public LabLayout Layout { get; }

    public LabEngine Engine { get; }

    public ClusterWorkflows.Lab.State.LabState State { get; private set; } = null!;

    public Exception? UpFailure { get; private set; }

    /// <summary>The lab directory (inventory.yaml, id_ed25519, known_hosts, ssh_config).</summary>
    public string Directory => Layout.LabDir;

    public string Inventory => Path.Combine(Layout.LabDir, "inventory.yaml");

    public async Task InitializeAsync()
    {
        if (!CanRun())
        {
            return;
        }

        try
        {
            await new Teardown(Layout).RunAsync(_ => { }, CancellationToken.None);
            State = await Engine.UpAsync(new LabOptions(Layout, hosts), CancellationToken.None);
            await AfterUpAsync();
        }
        catch (Exception ex)
        {
            UpFailure = ex;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (CanRun())
            {
                await Engine.DownAsync(CancellationToken.None);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Prepares the fresh lab for its tests (a failure is reported by <see cref="RequireUp"/> like a failed up).</summary>
    protected virtual Task AfterUpAsync() => Task.CompletedTask;

    /// <summary>Throws the reason the lab could not be created, so a test fails with it.</summary>
    public void RequireUp()
    {
        if (UpFailure is not null)
        {
            throw new InvalidOperationException("the lab did not come up: " + UpFailure.Message, UpFailure);
        }

        Assert.NotNull(State);
    }

    private static bool CanRun() =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) || Preflight.Problems(needDebootstrap: true).Count == 0;
}
