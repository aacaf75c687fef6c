using System.CommandLine;
using ClusterWorkflows.Cli.Backends.Embedded;
using ClusterWorkflows.Cli.Remote;
using ClusterWorkflows.Runtime.Execution;

namespace ClusterWorkflows.Cli.Backends;

/// <summary>The one place that decides between the database (embedded) and a server (remote).</summary>
public static class Backend
{
    /// <summary><paramref name="observer"/> sees the steps of runs this command follows.</summary>
    public static async Task<ICliBackend> OpenAsync(ParseResult parse, IRunObserver? observer, CancellationToken cancellationToken) =>
        ServerSettings.From(parse) is { } server
            ? new RemoteBackend(new ApiClient(server), observer)
            : new EmbeddedBackend(await GlobalOptions.EngineAsync(parse, observer, cancellationToken));
}
