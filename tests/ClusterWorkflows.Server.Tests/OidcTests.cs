using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Tests.Fixtures;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// OpenID Connect for UI users: the server validates bearer JWTs of the configured issuer (its
/// discovery document and keys served here by a local identity provider) and takes the roles from
/// the role claim.
/// </summary>
public sealed class OidcTests(OidcTests.OidcServer server) : IClassFixture<OidcTests.OidcServer>
{
    private const string Audience = "cw-ui";

    public sealed class OidcServer : TestServerHost
    {
        public RSA Key { get; } = RSA.Create(2048);

        public LoopbackHttpServer Provider { get; }

        public OidcServer()
        {
            Provider = LoopbackHttpServer.Start(request => request.PathAndQuery switch
            {
                "/.well-known/openid-configuration" => LoopbackResponse.Json(new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = $"{Issuer}/jwks",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                }.ToJsonString()),
                "/jwks" => LoopbackResponse.Json(new JsonObject { ["keys"] = new JsonArray(Jwk()) }.ToJsonString()),
                _ => LoopbackResponse.Text("not found", 404),
            });
        }

        public string Issuer => Provider.BaseAddress.ToString().TrimEnd('/');

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Provider.DisposeAsync();
            Key.Dispose();
        }

        protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
        {
            ["CW_OIDC_AUTHORITY"] = Issuer,
            ["CW_OIDC_AUDIENCE"] = Audience,
            ["CW_OIDC_REQUIRE_HTTPS"] = "false",
        };

        /// <summary>A signed JWT as the identity provider would issue it.</summary>
        public string Token(string user, string[] roles, string? audience = null, RSA? key = null, DateTimeOffset? expires = null)
        {
            var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = "k1" };
            var now = DateTimeOffset.UtcNow;
            var payload = new JsonObject
            {
                ["iss"] = Issuer,
                ["aud"] = audience ?? Audience,
                ["sub"] = "id-" + user,
                ["preferred_username"] = user,
                ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]),
                ["iat"] = now.ToUnixTimeSeconds(),
                ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
                ["exp"] = (expires ?? now.AddMinutes(10)).ToUnixTimeSeconds(),
            };
            var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
            var signature = (key ?? Key).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return $"{signingInput}.{Base64Url(signature)}";
        }

        private JsonObject Jwk()
        {
            var parameters = Key.ExportParameters(false);
            return new JsonObject { ["kty"] = "RSA", ["kid"] = "k1", ["use"] = "sig", ["alg"] = "RS256", ["n"] = Base64Url(parameters.Modulus!), ["e"] = Base64Url(parameters.Exponent!) };
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [Fact]
    public async Task OidcUser_OperatorRole_StartsRunAuditedUnderTheirName()
    {
        using var client = server.Client(server.Token("alice", ["operator"]));

        var id = await client.StartAsync("noop");

        var run = await client.WaitForStatusAsync(id, "completed");
        Assert.Equal("alice", run["createdBy"]!.GetValue<string>());
        var audit = await server.Admin().GetJsonAsync($"/api/audit?run={id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("(oidc)", audit["items"]![0]!["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcUser_ViewerRole_ReadsButCannotStart()
    {
        using var client = server.Client(server.Token("bob", ["viewer"]));

        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/api/runs")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/runs", new { workflow = "noop" })).Status);
    }

    [Fact]
    public async Task OidcToken_WrongAudienceKeyOrExpired_Unauthorized()
    {
        using var otherKey = RSA.Create(2048);

        foreach (var token in new[]
        {
            server.Token("mallory", ["admin"], audience: "another-app"),
            server.Token("mallory", ["admin"], key: otherKey),
            server.Token("mallory", ["admin"], expires: DateTimeOffset.UtcNow.AddMinutes(-10)),
        })
        {
            using var client = server.Client(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/api/runs")).Status);
        }
    }

    [Fact]
    public async Task OidcUser_NoKnownRole_Forbidden()
    {
        using var client = server.Client(server.Token("eve", ["guest"]));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetJsonAsync("/api/runs")).Status);
    }
}
