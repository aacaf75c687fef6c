using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Server.Api;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Definitions;
using ClusterWorkflows.Server.Designer;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Server.Events;
using ClusterWorkflows.Server.Hooks;
using ClusterWorkflows.Server.Settings;
using ClusterWorkflows.Server.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClusterWorkflows.Server;

/// <summary>The composition of the server: settings, engine, auth, API, hooks, events, telemetry.</summary>
public static class ServerApp
{
    /// <summary>
    /// Builds the server. <paramref name="configure"/> lets a caller (the tests) change the builder
    /// before anything is read from it, e.g. to use the in-process test server or extra settings.
    /// </summary>
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        ConfigureLogging(builder);
        configure?.Invoke(builder);
        var options = ServerOptions.From(builder.Configuration, builder.Environment.ContentRootPath);
        ConfigureHost(builder, options);
        ConfigureServices(builder.Services, options);
        var app = builder.Build();
        ConfigurePipeline(app, options);
        return Task.FromResult(app);
    }

    private static void ConfigureHost(WebApplicationBuilder builder, ServerOptions options)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrls);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        // Stopping hands running runs back at once; give that a moment.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
    }

    /// <summary>Structured logs: one JSON object per line on stdout.</summary>
    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }

    private static void ConfigureServices(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<RunEventHub>();
        services.AddSingleton<RunTelemetry>();
        services.AddSingleton<IRunObserver>(sp => new CompositeRunObserver(
            [sp.GetRequiredService<RunEventHub>(), sp.GetRequiredService<RunTelemetry>()],
            sp.GetRequiredService<ILogger<CompositeRunObserver>>()));
        services.AddSingleton<EngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        services.AddSingleton<HookRoutes>();
        services.AddSingleton<DefinitionService>();
        services.AddSingleton<WorkflowFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowFolder>());
        services.AddHostedService<EngineWorker>();
        services.AddHostedService<QueueDepthProbe>();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapper>();
        services.AddServerAuth(options);
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            // Locked down: no origin may call the API from a browser unless configured.
            if (options.CorsOrigins.Count > 0)
            {
                policy.WithOrigins([.. options.CorsOrigins]).WithMethods("GET", "POST", "PUT", "DELETE").WithHeaders("Authorization", "Content-Type", "Last-Event-ID");
            }
        }));
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ClusterWorkflows API";
            document.Info.Description = "Runbooks, runs, live events, schedules, secrets, audit. Authenticate with `Authorization: Bearer <API token>`.";
            return Task.CompletedTask;
        }));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("clusterworkflows"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(RunTelemetry.SourceName).AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"));
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RunTelemetry.SourceName).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
                {
                    metrics.AddOtlpExporter();
                }
            });
    }

    private static void ConfigurePipeline(WebApplication app, ServerOptions options)
    {
        app.UseMiddleware<Hardening.SecurityHeaders>();
        if (options.MetricsToken is { } metricsToken)
        {
            app.UseMiddleware<Hardening.MetricsToken>(metricsToken);
        }

        app.UseMiddleware<AuditTrail>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<BodySizeLimit>(options.MaxRequestBodyBytes);
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/api/openapi.json").AllowAnonymous();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api/docs";
            ui.SwaggerEndpoint("/api/openapi.json", "ClusterWorkflows API");
            ui.DocumentTitle = "ClusterWorkflows API";
        });

        var api = app.MapGroup("/api");
        api.MapDefinitions();
        api.MapRuns();
        api.MapRunEvents();
        api.MapCatalog();
        api.MapAdmin();
        api.MapSession();
        app.MapHooks();

        if (options.UiFolder is { } ui && Directory.Exists(ui))
        {
            app.UseMiddleware<DesignerHeaders>();
            var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(ui);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            // The designer's own routes; /api and /hooks keep their 404 and 405 answers. Paths of files
            // (nonfile) are left to the static files: a fallback endpoint would shadow them.
            app.MapFallbackToFile("{*path:nonfile:regex(^(?!api/|hooks/).*$)}", "index.html", new StaticFileOptions { FileProvider = files });
            // Runbook ids may contain dots ("backup.daily"), which nonfile takes for a file name.
            app.MapFallbackToFile("runbooks/{*id}", "index.html", new StaticFileOptions { FileProvider = files });
        }
    }
}
