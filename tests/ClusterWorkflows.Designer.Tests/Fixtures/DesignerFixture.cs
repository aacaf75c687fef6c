using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Testing;
using ClusterWorkflows.Testing.CwServer;
using Microsoft.Playwright;

namespace ClusterWorkflows.Designer.Tests.Fixtures;

/// <summary>
/// One real cw-server (serving the built designer, its workflows folder a temp copy of the test
/// runbooks with write-back on) and one headless Debian Chromium driven by Playwright, for all tests.
/// </summary>
public sealed class DesignerFixture : IAsyncLifetime
{
    /// <summary>Debian's package; Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
    ];

    private readonly TempDirectory home = new("cw-designer");
    private IPlaywright? playwright;

    public ServerProcess Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Workflows => Path.Combine(home.Path, "workflows");

    public string AdminToken { get; private set; } = "";

    public string OperatorToken { get; private set; } = "";

    public string ViewerToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Dist, "index.html")),
            $"The designer is not built ({RepositoryPaths.Dist}/index.html is missing): run `bash scripts/designer.sh build` first.");
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: `bash scripts/setup.sh` installs Debian's chromium.");
        Directory.CreateDirectory(Workflows);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Runbooks")))
        {
            File.Copy(file, Path.Combine(Workflows, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(Workflows, "large-300.yaml"), Runbooks.Large());
        var inventory = Path.Combine(home.Path, "inventory.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "inventory.yaml"), inventory);
        Directory.CreateDirectory(RepositoryPaths.Screenshots);

        Server = await ServerProcess.StartAsync(home.Path, new Dictionary<string, string>
        {
            ["CW_UI"] = RepositoryPaths.Dist,
            ["CW_WORKFLOWS"] = Workflows,
            ["CW_WRITE_BACK"] = "true",
            ["CW_INVENTORY"] = inventory,
            ["CW_WORKERS"] = "4",
        });
        AdminToken = Server.AdminToken();
        OperatorToken = await Server.CreateTokenAsync("ops", "operator");
        ViewerToken = await Server.CreateTokenAsync("watcher", "viewer");

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        home.Dispose();
    }

    /// <summary>A fresh browser context (its own sessionStorage) signed in with <paramref name="token"/>.</summary>
    public async Task<BrowserSession> OpenAsync(string? token, string path = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        if (token is not null)
        {
            // The app keeps its token in sessionStorage; putting it there first skips the login form.
            await context.AddInitScriptAsync($"sessionStorage.setItem('cw.token', {System.Text.Json.JsonSerializer.Serialize(token)});");
        }

        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var session = new BrowserSession(context, page);
        await page.GotoAsync(path);
        return session;
    }

    public HttpClient Api(string? token = null) => Server.Client(token ?? AdminToken);

    /// <summary>Starts a run through the API (for tests whose subject is the monitor, not the form).</summary>
    public async Task<string> StartRunAsync(string workflow, object? inputs = null)
    {
        using var client = Api();
        using var response = await client.PostAsJsonAsync("/api/runs", new { workflow, inputs = inputs ?? new { } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var client = Api();
        return (await client.GetFromJsonAsync<JsonObject>(path))!;
    }
}

/// <summary>A browser context and its page; collects console errors (CSP violations show there).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> errors = new();

    public BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Enqueue(error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Errors => errors;

    /// <summary>Saved under TestResults/screenshots/ (the CI artifacts).</summary>
    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Screenshots, name + ".png") });

    /// <summary>Fills the open dialog's reason (or message) and presses its confirming button.</summary>
    public async Task ConfirmAsync(string text, string button, string label = "Reason")
    {
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel(label).FillAsync(text);
        await dialog.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    /// <summary>No script error and nothing refused by the Content-Security-Policy.</summary>
    public void AssertNoErrors(params string[] allowed)
    {
        var unexpected = errors.Where(e => !allowed.Any(a => e.Contains(a, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "browser errors:\n" + string.Join('\n', unexpected));
    }

    /// <summary>The page's last state and its errors go to TestResults/browser/ (what a failed test saw).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            var folder = Path.Combine(RepositoryPaths.TestResults, "browser");
            Directory.CreateDirectory(folder);
            var name = string.Concat(new Uri(Page.Url).AbsolutePath.Select(c => char.IsLetterOrDigit(c) ? c : '_')).Trim('_');
            var stamp = $"{DateTime.UtcNow:HHmmssfff}-{(name.Length == 0 ? "home" : name[..Math.Min(name.Length, 60)])}";
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, stamp + ".png") });
            await File.WriteAllLinesAsync(Path.Combine(folder, stamp + ".errors.txt"), errors);
        }
        catch (PlaywrightException)
        {
            // A page that already crashed cannot be photographed; its errors are in the test's output.
        }

        await Context.CloseAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DesignerCollection : ICollectionFixture<DesignerFixture>
{
    public const string Name = "designer";
}
