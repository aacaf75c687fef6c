namespace ClusterWorkflows.Lab.Tests.Integration;

/// <summary>One 3-host lab for a test class; always torn down, also when tests fail, and cleared first if a crashed run left one.</summary>
public sealed class LabFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cw-lab-tests-");

    public LabFixture()
    {
        Layout = LabLayout.Create("cwtest", "10.77.200.0/24", Path.Combine(_dir.FullName, "lab"));
        Engine = new LabEngine(Layout);
    }

    public LabLayout Layout { get; }

    public LabEngine Engine { get; }

    public State.LabState State { get; private set; } = null!;

    public Exception? UpFailure { get; private set; }

    public async Task InitializeAsync()
    {
        if (!CanRun())
        {
            return;
        }

        try
        {
            await new Teardown(Layout).RunAsync(_ => { }, CancellationToken.None);
            State = await Engine.UpAsync(new LabOptions(Layout, 3), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Reported by each test, so the failure is visible rather than a fixture crash hiding the cause.
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
            _dir.Delete(recursive: true);
        }
    }

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
