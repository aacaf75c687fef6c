using ClusterWorkflows.Hosting;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Server.Settings;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Engine;

/// <summary>
/// Opens the store and builds the engine when the server starts (hosted services start before the
/// server listens), and gives the endpoints what they need. The first start of a new database also
/// issues an admin token, written to $CW_HOME/admin.token (0600), so a fresh server can be used at once.
/// </summary>
public sealed class EngineHost(ServerOptions options, IRunObserver observer, ILogger<EngineHost> logger) : IHostedService, IAsyncDisposable
{
    private EngineServices? services;

    public EngineServices Services => services ?? throw new InvalidOperationException("the engine is not started");

    public bool IsStarted => services is not null;

    public WorkflowEngine Engine { get; private set; } = null!;

    public RunAlterations Alterations { get; private set; } = null!;

    public IServerStore Store => (IServerStore)Services.Store;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var built = await EngineFactory.CreateAsync(options.Engine, observer, new Runtime.EngineOptions(), cancellationToken);
        if (built.Store is not IServerStore)
        {
            throw new InvalidOperationException($"the store {built.Store.GetType().Name} does not support the server");
        }

        Engine = new WorkflowEngine(built);
        Alterations = new RunAlterations(built);
        services = built;
        logger.LogInformation("engine {Worker} on {Database}", built.Options.WorkerId, StoreFactory.IsPostgres(options.Engine.Database) ? "PostgreSQL" : options.Engine.Database);
        await IssueFirstAdminTokenAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task IssueFirstAdminTokenAsync(CancellationToken cancellationToken)
    {
        if ((await Store.ListApiTokensAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var (token, record) = ApiTokens.Issue("admin", Roles.Admin, "server (first start)", Services.Time.GetUtcNow());
        var path = Path.Combine(options.Engine.Home, "admin.token");
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600: never readable by others, not even for a moment.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(path, fileOptions))
        {
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(token + "\n"), cancellationToken);
        }

        try
        {
            await Store.CreateApiTokenAsync(record, cancellationToken);
            logger.LogWarning("no API token existed: created the admin token {TokenId}, written to {Path}", record.Id, path);
        }
        catch (ApiTokenConflictException)
        {
            // Another node of this database won the race and issued its own; ours is not valid.
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.Store.DisposeAsync();
        }
    }
}
