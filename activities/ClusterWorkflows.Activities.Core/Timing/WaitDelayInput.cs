using System.ComponentModel;

namespace ClusterWorkflows.Activities.Core.Timing;

public sealed record WaitDelayInput
{
    [Description("How long to wait, e.g. 500ms, 10s, 2m.")]
    public required TimeSpan Duration { get; init; }
}
