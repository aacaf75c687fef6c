namespace ClusterWorkflows.Runtime.Tests;

public sealed class ActivityScopeTests : IAsyncLifetime
{
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Execute_TwoStepsWithAScopedService_EachAttemptGetsItsOwnInstanceDisposedAfterIt()
    {
        var run = await f.RunAsync("""
            id: scoped
            version: 1
            steps:
              - id: one
                uses: test.scoped@1
                with: { name: one }
              - id: two
                uses: test.scoped@1
                with: { name: two }
            """);

        Assert.Equal(Store.RunStatus.Completed, run.Status);
        var first = (await f.LatestAsync(run.Id, "one")).Outputs!["value"]!.GetValue<string>();
        var second = (await f.LatestAsync(run.Id, "two")).Outputs!["value"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal(1, f.Effects.Count($"disposed:{first}"));
        Assert.Equal(1, f.Effects.Count($"disposed:{second}"));
    }
}
