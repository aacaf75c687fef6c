using System.Net;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Tests.Fixtures;
using ClusterWorkflows.Testing;
using ClusterWorkflows.Testing.Cw;
using ClusterWorkflows.Testing.CwServer;
using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// Two server processes on one PostgreSQL database, no load balancer: runs started through either
/// node are executed exactly once; when a node is killed, the other one finishes its runs.
/// </summary>
public sealed class MultiNodeServerTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private readonly TempDirectory root = new("cw-server-nodes");
    private readonly string secretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private string database = "";
    private string connection = "";

    public async Task InitializeAsync() => (database, connection) = await postgres.CreateDatabaseAsync("nodes");

    public async Task DisposeAsync()
    {
        await postgres.Server.DropDatabaseAsync(database);
        root.Dispose();
    }

    [Fact]
    public async Task TwoNodes_RunsStartedThroughEither_EachExecutedOnce()
    {
        await using var a = await StartNodeAsync("a");
        await using var b = await StartNodeAsync("b");
        var token = a.AdminToken();
        using var clientA = a.Client(token);
        using var clientB = b.Client(token);

        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await (i % 2 == 0 ? clientA : clientB).StartAsync("steps", new { count = 5 }));
        }

        var workers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var run = await clientB.WaitForStatusAsync(id, "completed");
            var records = run["steps"]!.AsArray();
            // Exactly once: one record per step and item, each the first attempt, none repeated by another node.
            Assert.Equal(records.Count, records.Select(r => (r!["path"]!.GetValue<string>(), r["item"]?.GetValue<string>())).Distinct().Count());
            Assert.All(records, r => Assert.Equal(1, r!["attempt"]!.GetValue<int>()));
            Assert.Equal(5, records.Count(r => r!["path"]!.GetValue<string>().EndsWith("/say", StringComparison.Ordinal)));
            workers.UnionWith(records.Select(r => r!["worker"]!.GetValue<string>()));
        }

        Assert.True(workers.Count >= 2, $"only {string.Join(", ", workers)} executed steps");
    }

    [Fact]
    public async Task NodeKilled_OtherNodeFinishesItsRuns()
    {
        var victim = await StartNodeAsync("victim");
        var token = victim.AdminToken();
        using var clientA = victim.Client(token);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await clientA.StartAsync("steps", new { count = 1000 }));
        }

        await Waits.UntilAsync(
            async () => (await clientA.GetJsonAsync($"/api/runs/{ids[0]}").ExpectAsync(HttpStatusCode.OK))["steps"]!.AsArray().Count > 20,
            TimeSpan.FromSeconds(30),
            "the victim node to be in the middle of its runs");
        victim.Signal("KILL");
        await victim.DisposeAsync();
        await using var survivor = await StartNodeAsync("survivor");

        using var clientB = survivor.Client(token);
        var takenOver = 0;
        foreach (var id in ids)
        {
            await clientB.WaitForStatusAsync(id, "completed");
            var steps = await clientB.AllStepsAsync(id);
            var items = steps.Where(s => s!["path"]!.GetValue<string>().EndsWith("/say", StringComparison.Ordinal) && s["status"]!.GetValue<string>() == "completed");
            Assert.Equal(1000, items.Select(s => s!["item"]!.GetValue<string>()).Distinct().Count());
            takenOver += steps.Select(s => s!["worker"]!.GetValue<string>()).Distinct().Count() > 1 ? 1 : 0;
        }

        Assert.True(takenOver >= 1, "no run was finished by the surviving node after the victim had started it");
    }

    private Task<ServerProcess> StartNodeAsync(string name, int workers = 4)
    {
        var home = Directory.CreateDirectory(Path.Combine(root.Path, name)).FullName;
        var workflows = Directory.CreateDirectory(Path.Combine(home, "workflows")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Runbooks", "steps.yaml"), Path.Combine(workflows, "steps.yaml"), overwrite: true);
        return ServerProcess.StartAsync(home, new Dictionary<string, string>
        {
            ["CW_DB"] = connection,
            ["CW_SECRET_KEY"] = secretKey,
            ["CW_WORKFLOWS"] = workflows,
            ["CW_WORKERS"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
