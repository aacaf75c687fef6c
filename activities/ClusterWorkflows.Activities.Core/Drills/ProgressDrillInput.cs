using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ClusterWorkflows.Activities.Core.Drills;

public sealed record ProgressDrillInput
{
    [Description("How many units the drill works through.")]
    [Range(1, 1_000_000)]
    public long Total { get; init; } = 100;

    [Description("How long each unit takes, e.g. 100ms.")]
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    [Description("The unit shown with the progress, e.g. items or bytes.")]
    [MinLength(1)]
    [MaxLength(16)]
    public string Unit { get; init; } = "items";
}
