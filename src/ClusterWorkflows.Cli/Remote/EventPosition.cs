using System.Globalization;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>Where a run's event stream stands: the server's event id "revision-logSequence", sent back as Last-Event-ID.</summary>
public readonly record struct EventPosition(long Revision, long LogSequence)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Revision}-{LogSequence}");
}

/// <summary>Where following a run starts, and the journal as it was there (its steps are not shown again).</summary>
public sealed record FollowStart(EventPosition Position, IReadOnlyList<JournalRecord> Journal)
{
    /// <summary>A new run: from its beginning.</summary>
    public static readonly FollowStart Beginning = new(default, []);
}
