namespace ClusterWorkflows.Sdk;

/// <summary>
/// How far a long step has come: <paramref name="Done"/> of <paramref name="Total"/> (null when the total is
/// unknown) in <paramref name="Unit"/> ("bytes", "items", "s"), with a short message.
/// </summary>
public readonly record struct ActivityProgress(long Done, long? Total = null, string? Unit = null, string? Message = null);

/// <summary>
/// Where an activity reports its progress. Reports are cheap to make often: the runtime throttles them and
/// keeps only the latest in memory (they are never journaled), so an activity may report every chunk it copies.
/// </summary>
public interface IActivityProgress
{
    void Report(ActivityProgress progress);
}

/// <summary>Discards every report: the default of a context built by a test harness or an older runtime.</summary>
public sealed class NullActivityProgress : IActivityProgress
{
    public static readonly NullActivityProgress Instance = new();

    private NullActivityProgress()
    {
    }

    public void Report(ActivityProgress progress)
    {
    }
}

public static class ActivityProgressExtensions
{
    public static void Report(this IActivityProgress progress, long done, long? total, string? unit = null, string? message = null) =>
        progress.Report(new ActivityProgress(done, total, unit, message));
}
