namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>An operator alteration that does not apply to the run in its current state (409 in the API).</summary>
public sealed class AlterationException(string message) : Exception(message);

/// <summary>An alteration whose request is wrong whatever the run's state: it names no step of the run, or a field that step lacks (400).</summary>
public sealed class AlterationInputException(string step, string message) : Exception(message)
{
    public string Step { get; } = step;
}
