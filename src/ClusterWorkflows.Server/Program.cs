using ClusterWorkflows.Server;

// `cw-server --check URL`: exits 0 when URL answers 2xx (container health checks; the image has no curl).
if (args is ["--check", var url])
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
    try
    {
        return (await client.GetAsync(url)).IsSuccessStatusCode ? 0 : 1;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        return 1;
    }
}

var app = await ServerApp.BuildAsync(args);
await app.RunAsync();
return 0;
