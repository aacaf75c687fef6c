using System.Net;
using ClusterWorkflows.Server.Tests.Fixtures;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Server.Tests;

/// <summary>The designer's built files (CW_UI): assets as themselves, any other page path as index.html.</summary>
public sealed class DesignerFilesTests(DesignerFilesTests.UiServer server) : IClassFixture<DesignerFilesTests.UiServer>
{
    public sealed class UiServer : TestServerHost
    {
        private readonly TempDirectory ui = new("cw-ui");

        public UiServer()
        {
            Directory.CreateDirectory(Path.Combine(ui.Path, "assets"));
            File.WriteAllText(Path.Combine(ui.Path, "index.html"), "<!doctype html><div id=root></div><script type=module src=/assets/app-1.js></script>");
            File.WriteAllText(Path.Combine(ui.Path, "assets", "app-1.js"), "console.log('designer');");
        }

        protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?> { ["CW_UI"] = ui.Path };

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            ui.Dispose();
        }
    }

    [Fact]
    public async Task Asset_IsServedAsItselfWithItsContentType()
    {
        using var client = server.Client();

        using var response = await client.GetAsync("/assets/app-1.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("console.log('designer');", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/runs/0194e0c2-0000-7000-8000-000000000000")]
    [InlineData("/runbooks/bootstrap-cluster")]
    [InlineData("/runbooks/backup.daily")]
    public async Task PagePath_GetsIndexHtmlUnderTheStrictPolicy(string path)
    {
        using var client = server.Client();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div id=root>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingAsset_IsNotFoundRatherThanIndexHtml()
    {
        using var client = server.Client();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/assets/gone-0.js")).StatusCode);
    }

    [Fact]
    public async Task UnknownApiPath_KeepsTheApisNotFound()
    {
        using var client = server.Client(server.AdminToken);

        using var response = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<div id=root>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
