using System.Net;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class DefinitionsApiTests(DefinitionsApiTests.WriteBackServer server) : IClassFixture<DefinitionsApiTests.WriteBackServer>
{
    /// <summary>A server that writes saved definitions back into its workflows folder.</summary>
    public sealed class WriteBackServer : TestServerHost
    {
        protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?> { ["CW_WRITE_BACK"] = "true" };
    }

    private const string Greeter = """
        # a comment that must survive
        id: greeter
        version: 1
        steps:
          - id: hello
            uses: core.log@1
            with: { message: hello }
        """;

    [Fact]
    public async Task List_FolderRunbooks_AllLoaded()
    {
        var list = (await server.Viewer().GetJsonAsync("/api/definitions").ExpectAsync(HttpStatusCode.OK)).AsArray();

        var ids = list.Select(d => d!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("noop", ids);
        Assert.Contains("deploy-hook", ids);
        var hook = list.Single(d => d!["id"]!.GetValue<string>() == "deploy-hook")!;
        Assert.Equal("/hooks/deploy/{cluster}", hook["triggers"]![0]!["path"]!.GetValue<string>());
        var files = (await server.Viewer().GetJsonAsync("/api/definitions/files").ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.All(files, f => Assert.True(f!["ok"]!.GetValue<bool>(), f.ToJsonString()));
    }

    [Fact]
    public async Task Save_NewThenChangedThenSame_VersionsAndWriteBack()
    {
        using var admin = server.Admin();

        var first = await admin.PostJsonAsync("/api/definitions", new { content = Greeter, message = "first" }).ExpectAsync(HttpStatusCode.Created);
        var changed = await admin.PostJsonAsync("/api/definitions", new { content = Greeter.Replace("hello }", "hello again }"), message = "louder" }).ExpectAsync(HttpStatusCode.Created);
        var same = await admin.PostJsonAsync("/api/definitions", new { content = Greeter.Replace("hello }", "hello again }") }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.Equal(2, changed["version"]!.GetValue<int>());
        Assert.Contains("version: 2", changed["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("# a comment that must survive", changed["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(same["created"]!.GetValue<bool>());
        var versions = (await admin.GetJsonAsync("/api/definitions/greeter/versions").ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal([2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        var onDisk = await File.ReadAllTextAsync(Path.Combine(server.WorkflowsFolder, "greeter.yaml"));
        Assert.Contains("hello again", onDisk, StringComparison.Ordinal);
        Assert.Contains("version: 2", onDisk, StringComparison.Ordinal);
        var v1 = await admin.GetJsonAsync("/api/definitions/greeter/versions/1").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("again", v1["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var audit = await admin.GetJsonAsync("/api/audit?action=definition.save").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(audit["items"]!.AsArray(), a => a!["reason"]?.GetValue<string>() == "louder");
    }

    [Fact]
    public async Task Save_InvalidRunbook_BadRequestWithLineAndNothingSaved()
    {
        using var admin = server.Admin();
        const string broken = "id: broken\nversion: 1\nsteps:\n  - id: a\n    uses: core.nope@1\n";

        var body = await admin.PostJsonAsync("/api/definitions", new { content = broken }).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = body["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.StartsWith("content:5:", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/definitions/broken")).Status);
        var validated = await admin.PostJsonAsync("/api/definitions/validate", new { content = broken }).ExpectAsync(HttpStatusCode.OK);
        Assert.False(validated["valid"]!.GetValue<bool>());
        Assert.Equal(5, validated["diagnostics"]![0]!["line"]!.GetValue<int>());
    }

    [Fact]
    public async Task Save_HookPathOfAnotherRunbook_Conflict()
    {
        const string thief = "id: thief\nversion: 1\ntriggers:\n  - http: { path: /bearer, auth: none }\nsteps:\n  - id: a\n    uses: core.log@1\n    with: { message: x }\n";

        var body = await server.Admin().PostJsonAsync("/api/definitions", new { content = thief }).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("bearer-hook", body["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Runbook_GoneFromListRunsRefusedVersionsKept()
    {
        using var admin = server.Admin();
        await admin.PostJsonAsync("/api/definitions", new { content = Greeter.Replace("greeter", "doomed") }).ExpectAsync(HttpStatusCode.Created);

        await admin.SendJsonAsync(HttpMethod.Delete, "/api/definitions/doomed").ExpectAsync(HttpStatusCode.NoContent);

        Assert.DoesNotContain((await admin.GetJsonAsync("/api/definitions").ExpectAsync(HttpStatusCode.OK)).AsArray(), d => d!["id"]!.GetValue<string>() == "doomed");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/definitions/doomed")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Operator().PostJsonAsync("/api/runs", new { workflow = "doomed" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetJsonAsync("/api/definitions/doomed/versions/1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendJsonAsync(HttpMethod.Delete, "/api/definitions/never-was")).Status);
    }

    [Fact]
    public async Task Folder_FileAddedAndChanged_LoadedAsVersions()
    {
        var path = Path.Combine(server.WorkflowsFolder, "dropped.yaml");
        await File.WriteAllTextAsync(path, Greeter.Replace("greeter", "dropped"));
        await WaitForVersionAsync("dropped", 1);

        await File.WriteAllTextAsync(path, Greeter.Replace("greeter", "dropped").Replace("hello }", "changed }"));

        await WaitForVersionAsync("dropped", 2);
        Assert.Contains("version: 2", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    private async Task WaitForVersionAsync(string id, int version)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var (status, body) = await server.Viewer().GetJsonAsync($"/api/definitions/{id}");
            if (status == HttpStatusCode.OK && body!["version"]!.GetValue<int>() == version)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{id} did not reach version {version}");
    }
}
