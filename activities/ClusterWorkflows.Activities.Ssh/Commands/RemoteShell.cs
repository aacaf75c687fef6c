using System.Text;
using ClusterWorkflows.Sdk;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Ssh.Commands;

internal sealed record RemoteOutcome(int ExitCode, TailBuffer Stdout, TailBuffer Stderr);

/// <summary>Runs one command on a channel of a pooled connection, streaming its output line by line.</summary>
internal static class RemoteShell
{
    public const int TailChars = 64 * 1024;

    /// <param name="onStdout">Called for each stdout line (null: only kept in the tail).</param>
    /// <param name="stdin">Bytes written to the command's standard input, then EOF (keeps content off the command line).</param>
    public static async Task<RemoteOutcome> ExecAsync(
        SshClient client,
        string commandLine,
        Action<string>? onStdout,
        Action<string>? onStderr,
        CancellationToken cancellationToken,
        byte[]? stdin = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = client.CreateCommand(commandLine, Encoding.UTF8);
        var stdout = new TailBuffer(TailChars);
        var stderr = new TailBuffer(TailChars);

        // ExecuteAsync opens the channel; with the token it signals and closes the channel on cancel.
        var execution = command.ExecuteAsync(cancellationToken);
        if (stdin is not null)
        {
            await using var input = command.CreateInputStream();
            await input.WriteAsync(stdin, cancellationToken);
        }

        var pumps = Task.WhenAll(
            PumpAsync(command.OutputStream, line => { stdout.AppendLine(line); onStdout?.Invoke(line); }),
            PumpAsync(command.ExtendedOutputStream, line => { stderr.AppendLine(line); onStderr?.Invoke(line); }));
        await execution;
        await pumps.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        return new RemoteOutcome(command.ExitStatus ?? -1, stdout, stderr);
    }

    /// <summary>Runs a short helper command and returns its stdout; a non-zero exit is an error naming <paramref name="what"/>.</summary>
    public static async Task<string> QueryAsync(SshClient client, string commandLine, string what, CancellationToken cancellationToken, byte[]? stdin = null)
    {
        var outcome = await ExecAsync(client, commandLine, null, null, cancellationToken, stdin);
        if (outcome.ExitCode != 0)
        {
            throw new ActivityException("ssh.remote-failed", $"{what} failed with exit code {outcome.ExitCode}: {outcome.Stderr.LastLines(5)}");
        }

        return outcome.Stdout.ToString();
    }

    /// <summary>Runs a command and returns its exit code and its exact stdout bytes (file content).</summary>
    public static async Task<(int ExitCode, byte[] Stdout)> CaptureAsync(SshClient client, string commandLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = client.CreateCommand(commandLine, Encoding.UTF8);
        var execution = command.ExecuteAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var copy = command.OutputStream.CopyToAsync(buffer, CancellationToken.None);
        await execution;
        await copy.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        return (command.ExitStatus ?? -1, buffer.ToArray());
    }

    private static async Task PumpAsync(Stream stream, Action<string> onLine)
    {
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(line);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The channel closed under the reader (cancellation or a dropped connection).
        }
    }
}
