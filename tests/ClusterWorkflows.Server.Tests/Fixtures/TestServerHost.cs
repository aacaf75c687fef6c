using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Server.Tests.Fixtures;

/// <summary>
/// The real server in process (ASP.NET Core's test server) on a private CW_HOME with the embedded
/// SQLite store and the test runbooks as its workflows folder. Tokens for each role are created
/// through the API with the admin token the server issues on its first start.
/// </summary>
public class TestServerHost : IAsyncLifetime
{
    private readonly TempDirectory home = new("cw-server");
    private WebApplication? app;

    public string Home => home.Path;

    public string WorkflowsFolder => home.File("workflows");

    public string AdminToken { get; private set; } = "";

    public string OperatorToken { get; private set; } = "";

    public string ViewerToken { get; private set; } = "";

    public WebApplication App => app ?? throw new InvalidOperationException("not started");

    /// <summary>Settings the test class adds (CW_INVENTORY, CW_MAX_BODY_BYTES...).</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    /// <summary>Services the test class adds or replaces (an in-memory trace exporter...).</summary>
    protected virtual void Services(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkflowsFolder);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Runbooks")))
        {
            File.Copy(file, Path.Combine(WorkflowsFolder, Path.GetFileName(file)));
        }

        var settings = new Dictionary<string, string?>
        {
            ["CW_HOME"] = Home,
            ["CW_DB"] = home.File("cw.db"),
            ["CW_WORKFLOWS"] = WorkflowsFolder,
            ["CW_WORKERS"] = "4",
        };
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        app = await ServerApp.BuildAsync([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(settings);
            Services(builder.Services);
        });
        await app.StartAsync();
        await app.Services.GetRequiredService<Definitions.WorkflowFolder>().Loaded.WaitAsync(TimeSpan.FromSeconds(30));
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(Home, "admin.token"))).Trim();
        OperatorToken = await CreateTokenAsync("ops", "operator");
        ViewerToken = await CreateTokenAsync("watcher", "viewer");
    }

    public async Task<string> CreateTokenAsync(string name, string role)
    {
        using var client = Client(AdminToken);
        var response = await client.PostAsJsonAsync("/api/tokens", new { name, role });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    /// <summary>A client of the in-process server, with the token when given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = App.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient Admin() => Client(AdminToken);

    public HttpClient Operator() => Client(OperatorToken);

    public HttpClient Viewer() => Client(ViewerToken);

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        home.Dispose();
    }
}
