using System.Security.Claims;
using System.Text.Encodings.Web;
using ClusterWorkflows.Hosting.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClusterWorkflows.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer cwt_…</c> API tokens against their stored hashes.</summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenCache tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiTokens.TryParse(presented, out var id, out var secret))
        {
            return AuthenticateResult.Fail("the bearer token is not an API token");
        }

        var record = await tokens.GetAsync(id, Context.RequestAborted);
        if (record is null || record.RevokedAt is not null || !ApiTokens.Matches(record, secret))
        {
            // One answer for unknown, revoked and wrong: nothing to learn about which ids exist.
            return AuthenticateResult.Fail("invalid or revoked token");
        }

        await tokens.TouchAsync(id, Context.RequestAborted);
        var identity = new ClaimsIdentity(
            [new(ClaimTypes.Name, record.Name), new(ClaimTypes.NameIdentifier, record.Id), new(AuthSetup.ViaClaim, "token"), .. Roles.Implied(record.Role).Select(r => new Claim(ClaimTypes.Role, r))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
