using System.Security.Claims;
using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Server.Auth;

namespace ClusterWorkflows.Server.Api;

/// <summary>
/// GET /api/me: who the caller is and what role it has, so the designer can hide what the role may
/// not use (the server still refuses it: every endpoint checks its own role).
/// </summary>
public static class SessionApi
{
    public static void MapSession(this IEndpointRouteBuilder api) =>
        api.MapGet("/me", (ClaimsPrincipal user) =>
            {
                var roles = Roles.All.Where(user.IsInRole).ToList();
                return Results.Json(new JsonObject
                {
                    ["name"] = user.Actor(),
                    ["via"] = user.Via(),
                    ["role"] = roles.LastOrDefault(),
                    ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]),
                });
            })
            .RequireAuthorization(Roles.Viewer).WithTags("Session")
            .WithSummary("The caller's name, how it authenticated and its role (the designer shows only what that role may use).");
}
