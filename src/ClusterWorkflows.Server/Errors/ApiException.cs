namespace ClusterWorkflows.Server.Errors;

/// <summary>
/// A request the server refuses, with the HTTP status and, for invalid input, the problem of each
/// field by its path (<c>inputs.cluster</c>, <c>body</c>). Turned into problem details by <see cref="ProblemMapper"/>.
/// </summary>
public sealed class ApiException(int status, string title, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(title)
{
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static ApiException BadRequest(string field, string problem) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", new Dictionary<string, string[]> { [field] = [problem] });

    public static ApiException NotFound(string what) => new(StatusCodes.Status404NotFound, what);

    public static ApiException Conflict(string what) => new(StatusCodes.Status409Conflict, what);
}

/// <summary>Collects field problems so a request hears about all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string problem)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(problem);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "The request is invalid.", errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
