namespace ClusterWorkflows.Cli.Backends;

/// <summary>
/// Where a command's data lives: the database, used by the engine in this process (embedded), or a
/// cw-server's API (remote). Commands format and decide exit codes the same way for both.
/// </summary>
public interface ICliBackend : IAsyncDisposable
{
    IRunBackend Runs { get; }

    IDefinitionBackend Definitions { get; }

    ISecretBackend Secrets { get; }

    IScheduleBackend Schedules { get; }

    IAuditBackend Audit { get; }

    IActivityBackend Activities { get; }
}
