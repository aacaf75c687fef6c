using System.Security.Claims;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Server.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ClusterWorkflows.Server.Auth;

/// <summary>
/// API tokens for everyone, OpenID Connect bearer tokens (JWTs from the configured issuer) for UI
/// users when configured; one policy per role. Roles nest: admin ⊃ operator ⊃ viewer.
/// </summary>
public static class AuthSetup
{
    public const string Policy = "cw";
    public const string OidcScheme = "oidc";

    /// <summary>How the caller authenticated (token or oidc), for the audit log's "from where".</summary>
    public const string ViaClaim = "cw:via";

    public static void AddServerAuth(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<TokenCache>();
        var auth = services.AddAuthentication(Policy)
            .AddPolicyScheme(Policy, "API token or OpenID Connect", o => o.ForwardDefaultSelector = context =>
                options.Oidc is not null && ApiTokenHandler.BearerToken(context.Request) is { } token && !token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal)
                    ? OidcScheme
                    : ApiTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        if (options.Oidc is { } oidc)
        {
            auth.AddJwtBearer(OidcScheme, o =>
            {
                o.Authority = oidc.Authority;
                o.Audience = oidc.Audience;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents { OnTokenValidated = context => AddRoles(context, oidc.RoleClaim) };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Viewer, p => p.RequireRole(Roles.Viewer))
            .AddPolicy(Roles.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
    }

    /// <summary>The user's roles from the configured claim (nested ones added), and a name for the audit log.</summary>
    private static Task AddRoles(TokenValidatedContext context, string roleClaim)
    {
        var principal = context.Principal!;
        var granted = principal.FindAll(roleClaim).Select(c => c.Value).Where(Roles.IsKnown).SelectMany(Roles.Implied).Distinct(StringComparer.Ordinal);
        var user = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("email")?.Value ?? principal.FindFirst("sub")?.Value ?? "unknown";
        principal.AddIdentity(new ClaimsIdentity(
            [new(ClaimTypes.Name, user), new(ViaClaim, "oidc"), .. granted.Select(r => new Claim(ClaimTypes.Role, r))],
            OidcScheme,
            ClaimTypes.Name,
            ClaimTypes.Role));
        return Task.CompletedTask;
    }

    /// <summary>The name written to the audit log (and matched against a runbook's approvers): the token's name or the user's.</summary>
    /// <summary>The caller's roles (token roles with the ones they include, or those an identity provider granted).</summary>
    public static IReadOnlySet<string> RoleSet(this ClaimsPrincipal user) =>
        user.Claims.Where(c => c.Type == ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public static string Actor(this ClaimsPrincipal user) => Via(user) is null ? "anonymous" : user.Identities.Select(i => i.FindFirst(ClaimTypes.Name)?.Value).First(n => n is not null)!;

    /// <summary>token or oidc; null for an unauthenticated caller.</summary>
    public static string? Via(this ClaimsPrincipal user) => user.FindFirst(ViaClaim)?.Value;
}
