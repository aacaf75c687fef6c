namespace ClusterWorkflows.Cli.Remote;

/// <summary>
/// The server refused a call or could not be reached: the message to print (the problem's title and
/// each field's problem as <c>field: message</c>) and the exit code it maps to.
/// </summary>
public sealed class RemoteException : Exception
{
    public RemoteException(string title, int exitCode, int status = 0, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(Compose(title, errors))
    {
        Title = title;
        ExitCode = exitCode;
        Status = status;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public string Title { get; }

    public int ExitCode { get; }

    /// <summary>The HTTP status; 0 when there was no answer.</summary>
    public int Status { get; }

    /// <summary>The problems of invalid input by field path (<c>inputs.count</c>, <c>content:5:3</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The same failure with its field paths renamed (the server's <c>content</c> becomes the file that was sent).</summary>
    public RemoteException WithFields(Func<string, string> rename) =>
        new(Title, ExitCode, Status, Errors.ToDictionary(e => rename(e.Key), e => e.Value, StringComparer.Ordinal));

    private static string Compose(string title, IReadOnlyDictionary<string, string[]>? errors) =>
        errors is not { Count: > 0 }
            ? title
            : title + string.Concat(errors.SelectMany(e => e.Value.Select(problem => $"{Environment.NewLine}  {e.Key}: {problem}")));
}
