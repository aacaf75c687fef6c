using ClusterWorkflows.Hosting;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Server.Settings;

/// <summary>
/// The server's settings. Every one has a local default, so `cw-server` with nothing set serves
/// http://127.0.0.1:8080 on the embedded SQLite store in $CW_HOME. They are read from the
/// configuration under the same names as the environment variables (CW_DB, ...), so an
/// environment variable, a command-line <c>--CW_DB=...</c> or appsettings.json all work.
/// </summary>
public sealed record ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public required EngineSettings Engine { get; init; }

    /// <summary>Runbooks loaded at start and re-loaded on change (CW_WORKFLOWS; default ./workflows when it exists).</summary>
    public string? WorkflowsFolder { get; init; }

    /// <summary>Definitions saved through the API are also written to the workflows folder (CW_WRITE_BACK).</summary>
    public bool WriteBack { get; init; }

    /// <summary>The inventory runs get when a start request does not send one (CW_INVENTORY).</summary>
    public string? InventoryFile { get; init; }

    /// <summary>Runs executed at once by this node (CW_WORKERS); 0 makes an API-only node.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Fire cron schedules and prune old runs on this node (CW_SCHEDULES).</summary>
    public bool Schedules { get; init; } = true;

    /// <summary>Completed and cancelled runs older than this are pruned (CW_KEEP; "forever" keeps all).</summary>
    public TimeSpan? Keep { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Largest request body accepted (CW_MAX_BODY_BYTES); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Origins allowed to call the API from a browser (CW_CORS_ORIGINS, comma separated); none by default.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>How far a signed webhook's timestamp may be from the server's clock (CW_HOOK_MAX_SKEW).</summary>
    public TimeSpan HookMaxSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>OpenID Connect bearer tokens for the UI (CW_OIDC_AUTHORITY, CW_OIDC_AUDIENCE); off when no authority.</summary>
    public OidcOptions? Oidc { get; init; }

    /// <summary>Where the designer's built files are (CW_UI); served at / when the folder exists.</summary>
    public string? UiFolder { get; init; }

    /// <summary>The bearer token /metrics requires (CW_METRICS_TOKEN or CW_METRICS_TOKEN_FILE); open when unset.</summary>
    public string? MetricsToken { get; init; }

    public static ServerOptions From(IConfiguration configuration, string contentRoot)
    {
        // KEY_FILE: the value is in that file (docker/swarm secrets, systemd credentials).
        string? Get(string key) =>
            configuration[key] is { Length: > 0 } value ? value
            : configuration[key + "_FILE"] is { Length: > 0 } file ? File.ReadAllText(file).Trim()
            : null;
        var engine = EngineSettings.FromEnvironment(Get("CW_DB"), Get("CW_HOME")) with { SecretKey = Get("CW_SECRET_KEY") };
        var workflows = Get("CW_WORKFLOWS") ?? (Directory.Exists(Path.Combine(contentRoot, "workflows")) ? Path.Combine(contentRoot, "workflows") : null);
        var keep = Get("CW_KEEP") ?? "30d";
        return new ServerOptions
        {
            Engine = engine,
            WorkflowsFolder = workflows is null ? null : Path.GetFullPath(workflows),
            WriteBack = Flag(Get("CW_WRITE_BACK"), "CW_WRITE_BACK", false),
            InventoryFile = Get("CW_INVENTORY") is { } inventory ? Path.GetFullPath(inventory) : null,
            Workers = Number(Get("CW_WORKERS"), "CW_WORKERS", 4, 0, 256),
            Schedules = Flag(Get("CW_SCHEDULES"), "CW_SCHEDULES", true),
            Keep = keep == "forever" ? null : Span(keep, "CW_KEEP"),
            MaxRequestBodyBytes = Number(Get("CW_MAX_BODY_BYTES"), "CW_MAX_BODY_BYTES", 1024 * 1024, 1024, 1L << 30),
            CorsOrigins = (Get("CW_CORS_ORIGINS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            HookMaxSkew = Get("CW_HOOK_MAX_SKEW") is { } skew ? Span(skew, "CW_HOOK_MAX_SKEW") : TimeSpan.FromMinutes(5),
            Oidc = Get("CW_OIDC_AUTHORITY") is { } authority
                ? new OidcOptions
                {
                    Authority = authority,
                    Audience = Get("CW_OIDC_AUDIENCE") ?? throw new InvalidOperationException("CW_OIDC_AUDIENCE is required with CW_OIDC_AUTHORITY"),
                    RoleClaim = Get("CW_OIDC_ROLE_CLAIM") ?? "roles",
                    RequireHttpsMetadata = Flag(Get("CW_OIDC_REQUIRE_HTTPS"), "CW_OIDC_REQUIRE_HTTPS", true),
                }
                : null,
            UiFolder = Get("CW_UI") is { } ui ? Path.GetFullPath(ui) : null,
            MetricsToken = Get("CW_METRICS_TOKEN"),
        };
    }

    private static bool Flag(string? value, string name, bool fallback) => value switch
    {
        null => fallback,
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new InvalidOperationException($"{name}: '{value}' is not true or false"),
    };

    private static T Number<T>(string? value, string name, T fallback, T min, T max)
        where T : struct, System.Numerics.INumber<T>
    {
        if (value is null)
        {
            return fallback;
        }

        return T.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new InvalidOperationException($"{name}: '{value}' is not a number from {min} to {max}");
    }

    private static TimeSpan Span(string value, string name) =>
        Duration.TryParse(value, out var span) && span > TimeSpan.Zero
            ? span
            : throw new InvalidOperationException($"{name}: '{value}' is not a duration such as 30s, 5m or 30d");
}

public sealed record OidcOptions
{
    public required string Authority { get; init; }
    public required string Audience { get; init; }

    /// <summary>The claim whose values are viewer, operator or admin.</summary>
    public string RoleClaim { get; init; } = "roles";

    public bool RequireHttpsMetadata { get; init; } = true;
}
