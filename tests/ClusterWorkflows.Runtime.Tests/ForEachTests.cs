using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

public sealed class ForEachTests : IAsyncLifetime
{
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Theory]
    [InlineData(10, "", new[] { 10 })]
    [InlineData(10, "2", new[] { 2, 2, 2, 2, 2 })]
    [InlineData(10, "1,30%,100%", new[] { 1, 3, 6 })]
    [InlineData(5, "50%", new[] { 3, 2 })]
    [InlineData(3, "1,5", new[] { 1, 2 })]
    public void Batches_SerialSpec_SplitsLikeAnsible(int total, string serial, int[] expected)
    {
        var sizes = serial.Length == 0 ? [] : serial.Split(',').Select(s => s.EndsWith('%')
            ? new BatchSize(int.Parse(s.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture), true)
            : new BatchSize(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture), false)).ToList();
        var step = new ForEachStep { Id = "x", Items = new JsonArray(), Serial = sizes };

        Assert.Equal(expected, Walker.Batches(step, total));
    }

    private static string Hosts(string serial, int maxFail) => $$$"""
        id: hosts
        version: 1
        inputs:
          bad: { type: array, default: [] }
        steps:
          - id: nodes
            forEach: ["n1", "n2", "n3", "n4", "n5"]
            as: host
            serial: {{{serial}}}
            concurrency: 1
            maxFailPercentage: {{{maxFail}}}
            steps:
              - id: check
                uses: core.assert@1
                with: { that: "${{ !inputs.bad.includes(host) }}", message: "${{ host }} is unhealthy" }
              - id: upgrade
                uses: test.effect@1
                with: { name: "upgrade-${{ host }}" }
        """;

    [Fact]
    public async Task ForEach_FailureAboveThreshold_StopsBeforeTheNextBatch()
    {
        var run = await f.RunAsync(Hosts("2", 0), new JsonObject { ["bad"] = new JsonArray("n2") });

        Assert.Equal(RunStatus.Faulted, run.Status);
        Assert.Equal(1, f.Effects.Count("upgrade-n1"));
        Assert.Equal(0, f.Effects.Count("upgrade-n2"));
        Assert.Equal(0, f.Effects.Count("upgrade-n3"));
        var open = Incidents.Open(await f.JournalAsync(run.Id));
        Assert.Equal(["nodes[n2]/check"], open.Select(r => r.StepPath));
    }

    [Fact]
    public async Task ForEach_FailureWithinThreshold_ContinuesAndMarksItHandled()
    {
        var run = await f.RunAsync(Hosts("[1, 2]", 20), new JsonObject { ["bad"] = new JsonArray("n3") });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(0, f.Effects.Count("upgrade-n3"));
        Assert.All(new[] { "n1", "n2", "n4", "n5" }, h => Assert.Equal(1, f.Effects.Count($"upgrade-{h}")));
        Assert.True((await f.LatestAsync(run.Id, "nodes[n3]/check")).Handled);
    }

    [Fact]
    public async Task ForEach_RetryAfterThreshold_RunsOnlyTheFailedHostAgain()
    {
        var run = await f.RunAsync(Hosts("5", 0), new JsonObject { ["bad"] = new JsonArray("n4") });
        Assert.Equal(RunStatus.Faulted, run.Status);
        Assert.Equal(4, Enumerable.Range(1, 5).Sum(i => f.Effects.Count($"upgrade-n{i}")));

        await f.Alter.RetryAsync(run.Id, "nodes[n4]/check", new JsonObject { ["that"] = true }, new Actor("ops"), CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.All(Enumerable.Range(1, 5), i => Assert.Equal(1, f.Effects.Count($"upgrade-n{i}")));
    }

    [Fact]
    public async Task ForEach_ItemsFromInventory_KeysPathsByHostName()
    {
        var inventory = """
            hosts:
              web1: { address: 10.0.0.1, groups: [web] }
              web2: { address: 10.0.0.2, groups: [web] }
              db1: { address: 10.0.0.3, groups: [db] }
            """;
        var start = await f.StartAsync("""
            id: inv
            version: 1
            steps:
              - id: each
                forEach: "${{ inventory.groups.web }}"
                steps:
                  - id: touch
                    uses: test.effect@1
                    with: { name: "${{ item }}", value: "${{ inventory.hosts[item].address }}" }
            """, inventory: inventory);
        var run = await f.ExecuteAsync(start.Id);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("10.0.0.2", (await f.LatestAsync(run.Id, "each[web2]/touch")).Outputs!["value"]!.GetValue<string>());
        Assert.Equal(0, f.Effects.Count("db1"));
    }

    [Fact]
    public async Task ForEach_ParallelItemsSettingVariables_CompletesWithEveryVariable()
    {
        // Regression: snapshotting the variables while another branch added one threw from
        // ConcurrentDictionary.CopyTo (Count, then CopyTo, through LINQ) and faulted the 5-host bootstrap.
        var items = new JsonArray(Enumerable.Range(0, 300).Select(i => (JsonNode?)JsonValue.Create($"i{i}")).ToArray());
        var run = await f.RunAsync("""
            id: many-vars
            version: 1
            inputs:
              items: { type: array }
            steps:
              - id: each
                forEach: "${{ inputs.items }}"
                as: it
                concurrency: 32
                steps:
                  - id: remember
                    uses: core.setVariable@1
                    with: { name: "${{ 'v_' + it }}", value: "${{ it }}" }
              - id: count
                uses: core.assert@1
                with: { that: "${{ Object.keys(vars).length === 300 }}", message: "variables lost" }
            """, new JsonObject { ["items"] = items });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(300, run.Variables.Count);
    }
}
