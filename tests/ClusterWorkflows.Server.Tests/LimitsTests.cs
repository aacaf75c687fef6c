using System.Net;
using System.Net.Http.Headers;
using ClusterWorkflows.Server.Tests.Corpus;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// A server whose workflows folder holds hostile files from the start (it must still start), with
/// write-back and a metrics token on.
/// </summary>
public sealed class LimitsServerHost : TestServerHost
{
    public const string MetricsToken = "scrape-me-please";

    protected override IDictionary<string, string?> Settings()
    {
        // Called once the folder is filled and before the server starts.
        File.WriteAllText(Path.Combine(WorkflowsFolder, "deep.yaml"), HostileCorpus.DeepYaml());
        using (var huge = File.Create(Path.Combine(WorkflowsFolder, "huge.yaml")))
        {
            huge.SetLength((4 * 1024 * 1024) + 1);
        }

        return new Dictionary<string, string?> { ["CW_WRITE_BACK"] = "true", ["CW_METRICS_TOKEN"] = MetricsToken };
    }
}

/// <summary>Journal paging, audit bounds, the workflows folder's limits and the metrics token.</summary>
public sealed class LimitsTests(LimitsServerHost server) : IClassFixture<LimitsServerHost>
{
    [Fact]
    public async Task Start_HostileFilesInTheFolder_ServerUpAndFilesReported()
    {
        var files = (await server.Viewer().GetJsonAsync("/api/definitions/files").ExpectAsync(HttpStatusCode.OK)).AsArray();

        var deep = files.Single(f => f!["file"]!.GetValue<string>().EndsWith("deep.yaml", StringComparison.Ordinal))!;
        var huge = files.Single(f => f!["file"]!.GetValue<string>().EndsWith("huge.yaml", StringComparison.Ordinal))!;
        Assert.False(deep["ok"]!.GetValue<bool>());
        Assert.Contains("deeper than", deep["problems"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.False(huge["ok"]!.GetValue<bool>());
        Assert.Contains("at most 4194304 bytes", huge["problems"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task GetRun_TwelveHundredRecords_PagedAndEveryRecordReadOnce()
    {
        using var client = server.Operator();
        var run = await client.StartAsync("steps", new { count = 1200 });
        await client.WaitForStatusAsync(run, "completed");

        var first = await client.GetJsonAsync($"/api/runs/{run}").ExpectAsync(HttpStatusCode.OK);
        var total = first["stepsTotal"]!.GetValue<int>();
        var sequences = first["steps"]!.AsArray().Select(s => s!["sequence"]!.GetValue<long>()).ToList();
        var next = first["stepsNext"]?.GetValue<int>();
        var pages = 1;
        while (next is { } offset)
        {
            var page = await client.GetJsonAsync($"/api/runs/{run}?stepsOffset={offset}").ExpectAsync(HttpStatusCode.OK);
            sequences.AddRange(page["steps"]!.AsArray().Select(s => s!["sequence"]!.GetValue<long>()));
            next = page["stepsNext"]?.GetValue<int>();
            pages++;
        }

        Assert.True(total > 1200, $"{total} records");
        Assert.Equal(500, first["steps"]!.AsArray().Count);
        Assert.Equal((total + 499) / 500, pages);
        Assert.Equal(total, sequences.Count);
        Assert.Equal(total, sequences.Distinct().Count());
        Assert.Equal(sequences.Order(), sequences);
    }

    [Theory]
    [InlineData("stepsLimit=0")]
    [InlineData("stepsLimit=501")]
    [InlineData("stepsOffset=-1")]
    [InlineData("stepsOffset=ten")]
    public async Task GetRun_PageOutOfRange_BadRequestNamingTheField(string query)
    {
        using var client = server.Operator();
        var run = await client.StartAsync("noop");

        var body = await client.GetJsonAsync($"/api/runs/{run}?{query}").ExpectAsync(HttpStatusCode.BadRequest);

        Assert.True(body["errors"]!.AsObject().ContainsKey(query.Split('=')[0]), body.ToJsonString());
    }

    [Fact]
    public async Task AnonymousCalls_ManyWithLongPaths_AuditBoundedAndPathsCut()
    {
        var marker = "/api/runs/" + Guid.NewGuid().ToString("N") + new string('x', 8000);
        using (var anonymous = server.Client())
        {
            for (var i = 0; i < 150; i++)
            {
                using var response = await anonymous.PostAsync(marker, null);
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
            }
        }

        var audit = await server.Admin().GetJsonAsync("/api/audit?actor=anonymous&limit=1000").ExpectAsync(HttpStatusCode.OK);
        var mine = audit["items"]!.AsArray()
            .Where(a => a!["details"]?["path"]?.GetValue<string>() is { } path && path.StartsWith(marker[..40], StringComparison.Ordinal))
            .ToList();
        Assert.InRange(mine.Count, 1, Settings.ServerLimits.AnonymousAuditsPerWindow);
        Assert.All(mine, a => Assert.True(a!["details"]!["path"]!.GetValue<string>().Length < 300, "the whole path was stored"));
        Assert.Contains("characters)", mine[0]!["details"]!["path"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuditBudget_FullWindow_DropsThenReportsTheCountInTheNextWindow()
    {
        var budget = new Auth.AnonymousAuditBudget(2, TimeSpan.FromMinutes(1));
        var start = DateTimeOffset.UnixEpoch;

        Assert.True(budget.TryTake(start, out _, out _));
        Assert.True(budget.TryTake(start, out _, out _));
        Assert.False(budget.TryTake(start.AddSeconds(1), out _, out _));
        Assert.False(budget.TryTake(start.AddSeconds(2), out _, out _));
        Assert.True(budget.TryTake(start.AddMinutes(1), out var dropped, out var since));

        Assert.Equal(2, dropped);
        Assert.Equal(start.AddSeconds(1), since);
    }

    [Fact]
    public async Task Metrics_WithoutTheToken_Unauthorized()
    {
        using var client = server.Client();

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithTheToken_Served()
    {
        using var client = server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LimitsServerHost.MetricsToken);

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SaveDefinition_WriteBack_FileWrittenAndNoTemporaryLeft()
    {
        var id = "written-" + new string('w', 100);

        await server.Admin().PostJsonAsync("/api/definitions", HostileCorpus.Json(new { content = $"id: {id}\nversion: 1\nsteps:\n  - {{ id: s, delay: 1s }}\n" })).ExpectAsync(HttpStatusCode.Created);

        Assert.True(File.Exists(Path.Combine(server.WorkflowsFolder, id + ".yaml")));
        Assert.Empty(Directory.EnumerateFiles(server.WorkflowsFolder, "*.tmp"));
    }

    [Fact]
    public async Task SaveDefinition_IdOverTheLimit_RefusedAndNothingSaved()
    {
        var id = new string('z', 129);

        await server.Admin().PostJsonAsync("/api/definitions", HostileCorpus.Json(new { content = $"id: {id}\nversion: 1\nsteps:\n  - {{ id: s, delay: 1s }}\n" })).ExpectAsync(HttpStatusCode.BadRequest);

        var list = (await server.Viewer().GetJsonAsync("/api/definitions").ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.DoesNotContain(list, d => d!["id"]!.GetValue<string>() == id);
        Assert.False(File.Exists(Path.Combine(server.WorkflowsFolder, id + ".yaml")));
        Assert.Empty(Directory.EnumerateFiles(server.WorkflowsFolder, "*.tmp"));
    }
}
