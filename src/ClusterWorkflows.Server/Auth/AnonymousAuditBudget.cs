namespace ClusterWorkflows.Server.Auth;

/// <summary>
/// Bounds the audit records written for calls without credentials: refused anonymous calls are
/// cheap to send and their records are kept forever (13,000 requests grew the database by 105 MB).
/// Fixed windows: the first <c>perWindow</c> calls of a window are recorded, the rest only counted,
/// and that count is handed out once with the first call of a later window, so nothing vanishes
/// without a trace.
/// </summary>
public sealed class AnonymousAuditBudget(int perWindow, TimeSpan window)
{
    private readonly Lock gate = new();
    private DateTimeOffset windowStart = DateTimeOffset.MinValue;
    private DateTimeOffset? firstDropped;
    private int used;
    private int dropped;

    /// <summary>Whether this call may be recorded; <paramref name="droppedEarlier"/> counts the calls of earlier windows that were not (since <paramref name="droppedSince"/>).</summary>
    public bool TryTake(DateTimeOffset now, out int droppedEarlier, out DateTimeOffset? droppedSince)
    {
        lock (gate)
        {
            droppedEarlier = 0;
            droppedSince = null;
            if (now - windowStart >= window || now < windowStart)
            {
                (droppedEarlier, droppedSince) = (dropped, firstDropped);
                (windowStart, used, dropped, firstDropped) = (now, 0, 0, null);
            }

            if (used < perWindow)
            {
                used++;
                return true;
            }

            dropped++;
            firstDropped ??= now;
            return false;
        }
    }
}
