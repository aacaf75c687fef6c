using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Ssh.Files;

[Activity("ssh.ensureDirectory", 1, Category = ActivityCategories.Ssh,
    Description = "Ensures a remote directory exists with the given owner, group and mode.")]
public sealed class EnsureRemoteDirectory(SshConnectionPool pool) : IActivity<EnsureRemoteDirectoryInput, EnsureRemoteDirectoryOutput>
{
    public async Task<ActivityResult<EnsureRemoteDirectoryOutput>> ExecuteAsync(EnsureRemoteDirectoryInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await pool.UseAsync(input.Connection, context, async client =>
        {
            var state = await RemoteFileState.ReadAsync(client, input.Path, input.Sudo, cancellationToken);
            if (state.Kind == "file")
            {
                throw new NonRetryableActivityException("ssh.not-a-directory", $"'{input.Path}' on {input.Connection.Display} exists and is not a directory");
            }

            var created = !state.Exists;
            var steps = state.AttributeFixes(input.Path, input.Owner, input.Group, input.Mode, isNew: created);
            if (created)
            {
                steps.Insert(0, $"mkdir -p -- {ShellText.Quote(input.Path)}");
            }

            var output = new EnsureRemoteDirectoryOutput { Path = input.Path, Created = created };
            if (steps.Count == 0)
            {
                context.Log.Info($"directory '{input.Path}' on {input.Connection.Display} is up to date");
                return ActivityResult.Unchanged(output);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would {(created ? "create" : "fix owner/mode of")} directory '{input.Path}' on {input.Connection.Display}");
                return ActivityResult.Changed(output);
            }

            await RemoteShell.QueryAsync(client, ShellText.Wrap(string.Join(" && ", steps), input.Sudo), $"ensuring directory '{input.Path}'", cancellationToken);
            context.Log.Info($"{(created ? "created" : "fixed owner/mode of")} directory '{input.Path}' on {input.Connection.Display}");
            return ActivityResult.Changed(output);
        }, cancellationToken);
    }
}
