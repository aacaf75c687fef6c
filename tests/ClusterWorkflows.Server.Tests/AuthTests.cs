using System.Net;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class AuthTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    [Fact]
    public async Task Api_NoToken_Unauthorized()
    {
        using var client = server.Client();

        var (status, body) = await client.GetJsonAsync("/api/runs");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, body?["status"]?.GetValue<int>());
    }

    [Theory]
    [InlineData("cwt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("cwt_short")]
    public async Task Api_UnknownOrMalformedToken_Unauthorized(string token)
    {
        using var client = server.Client(token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/api/runs")).Status);
    }

    [Fact]
    public async Task StartRun_ViewerToken_ForbiddenAndNothingStarted()
    {
        using var viewer = server.Viewer();
        var before = (await server.Admin().GetJsonAsync("/api/runs?workflow=noop").ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Count;

        var (status, _) = await viewer.PostJsonAsync("/api/runs", new { workflow = "noop" });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(before, (await server.Admin().GetJsonAsync("/api/runs?workflow=noop").ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Count);
        var audit = await server.Admin().GetJsonAsync("/api/audit?actor=watcher").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "http.post" && a["details"]!["status"]!.GetValue<int>() == 403);
    }

    [Fact]
    public async Task ReadEndpoints_ViewerToken_Allowed()
    {
        using var viewer = server.Viewer();

        foreach (var path in new[] { "/api/runs", "/api/definitions", "/api/activities", "/api/schedules", "/api/audit", "/api/secrets" })
        {
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetJsonAsync(path)).Status);
        }
    }

    [Fact]
    public async Task AdminEndpoints_OperatorToken_Forbidden()
    {
        using var ops = server.Operator();

        Assert.Equal(HttpStatusCode.Forbidden, (await ops.GetJsonAsync("/api/tokens")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ops.PostJsonAsync("/api/definitions", new { content = "id: x\nversion: 1\nsteps: []\n" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ops.SendJsonAsync(HttpMethod.Put, "/api/secrets/x", new { value = "v" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await ops.PostJsonAsync("/api/runs", new { workflow = "noop" })).Status);
    }

    [Fact]
    public async Task RevokedToken_Unauthorized()
    {
        var token = await server.CreateTokenAsync("short-lived", "viewer");
        using var client = server.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/api/runs")).Status);
        var tokens = await server.Admin().GetJsonAsync("/api/tokens").ExpectAsync(HttpStatusCode.OK);
        var id = tokens.AsArray().Single(t => t!["name"]!.GetValue<string>() == "short-lived")!["id"]!.GetValue<string>();

        await server.Admin().SendJsonAsync(HttpMethod.Delete, $"/api/tokens/{id}").ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/api/runs")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin().SendJsonAsync(HttpMethod.Delete, "/api/tokens/ffffffffffff")).Status);
    }

    [Fact]
    public async Task ListTokens_Admin_ShowsNoTokenTextOrHash()
    {
        var list = (await server.Admin().GetJsonAsync("/api/tokens").ExpectAsync(HttpStatusCode.OK)).ToJsonString();

        Assert.DoesNotContain(server.OperatorToken["cwt_".Length..], list, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", list, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"role\":\"operator\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoToken_Answers()
    {
        using var client = server.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/healthz")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/readyz")).Status);
    }

    [Theory]
    [InlineData("viewer", "viewer")]
    [InlineData("operator", "operator")]
    [InlineData("admin", "admin")]
    public async Task Me_EachRole_ReportsItsNameRoleAndImpliedRoles(string who, string role)
    {
        using var client = who switch { "viewer" => server.Viewer(), "operator" => server.Operator(), _ => server.Admin() };

        var me = await client.GetJsonAsync("/api/me").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(role, me["role"]!.GetValue<string>());
        Assert.Equal("token", me["via"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(me["name"]!.GetValue<string>()));
        Assert.Equal(Roles.Implied(role), me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Me_NoToken_Unauthorized()
    {
        using var client = server.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/api/me")).Status);
    }
}
