using System.Text.Json.Nodes;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Core.Tests;

public sealed class CoreActivitiesConformanceTests : ActivityConformanceTests, IAsyncLifetime
{
    private const string Token = "tok3nC0nformanceSecret";
    private readonly TempDirectory temp = new("cw-core-conformance");
    private readonly LoopbackHttpServer server = LoopbackHttpServer.Start(request => (request.Method, request.PathAndQuery) switch
    {
        ("GET", "/status") => LoopbackResponse.Json("""{"healthy":true}"""),
        ("POST", "/items") => LoopbackResponse.Json("""{"id":1}""", 201),
        _ => LoopbackResponse.Text("not found", 404),
    });

    protected override void Register(IServiceCollection services) => services.AddCoreActivities();

    protected override IEnumerable<ConformanceCase> Cases()
    {
        var marker = temp.File("created-marker");
        yield return new ConformanceCase("core.log@1", new JsonObject { ["message"] = "hello", ["level"] = "warning" }) { SecondRunUnchanged = true };
        yield return new ConformanceCase("core.setVariable@1", new JsonObject { ["name"] = "answer", ["value"] = new JsonObject { ["list"] = new JsonArray(1, 2) } })
        {
            SecondRunUnchanged = true,
        };
        yield return new ConformanceCase("core.fail@1", new JsonObject { ["times"] = 0 }) { Name = "succeeding drill", SecondRunUnchanged = true };
        yield return new ConformanceCase("core.delay@1", new JsonObject { ["duration"] = "10ms" }) { SecondRunUnchanged = true };
        yield return new ConformanceCase("core.progressDrill@1", new JsonObject { ["total"] = 3, ["interval"] = "1ms" }) { SecondRunUnchanged = true };
        yield return new ConformanceCase("core.delay@1", new JsonObject { ["duration"] = "1h" }) { Name = "long", LongRunning = true };
        yield return new ConformanceCase("core.http@1", new JsonObject { ["url"] = server.Url("/status") })
        {
            Name = "GET",
            Secret = new ConformanceSecret("bearerToken", Token),
            SecondRunUnchanged = true,
        };
        yield return new ConformanceCase("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/items"),
            ["method"] = "POST",
            ["json"] = new JsonObject { ["name"] = "x" },
        })
        {
            Name = "POST",
            Secret = new ConformanceSecret("bearerToken", Token),
            Probe = _ => Task.FromResult(server.Requests.Count(r => r.Method == "POST").ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        yield return new ConformanceCase("core.command@1", new JsonObject
        {
            ["command"] = "touch",
            ["args"] = new JsonArray(marker),
            ["creates"] = marker,
            ["timeout"] = "30s",
        })
        {
            Name = "touch with creates",
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(File.Exists(marker) ? "exists" : "missing"),
        };
        yield return new ConformanceCase("core.command@1", new JsonObject { ["command"] = "sleep", ["args"] = new JsonArray("30") })
        {
            Name = "long",
            LongRunning = true,
        };
        yield return new ConformanceCase("core.assert@1", new JsonObject { ["that"] = true }) { SecondRunUnchanged = true };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        temp.Dispose();
    }
}
