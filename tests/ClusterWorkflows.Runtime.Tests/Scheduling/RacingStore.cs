using System.Reflection;
using System.Runtime.ExceptionServices;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>
/// A store decorator for racing nodes: after reading the schedule list, every node waits at a shared barrier, so all
/// of them act on the same (soon stale) view and contend for every due instant — the worst case exactly-once must survive.
/// Built on <see cref="DispatchProxy"/> so that the other members simply pass through.
/// </summary>
public class RacingStore : DispatchProxy
{
    private IWorkflowStore inner = null!;
    private Barrier barrier = null!;

    public static IWorkflowStore Wrap(IWorkflowStore inner, Barrier barrier)
    {
        var proxy = Create<IWorkflowStore, RacingStore>();
        var racing = (RacingStore)(object)proxy;
        racing.inner = inner;
        racing.barrier = barrier;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        return targetMethod.Name == nameof(IWorkflowStore.ListSchedulesAsync)
            ? MeetAsync((Task<IReadOnlyList<ScheduleRecord>>)result!)
            : result;
    }

    private async Task<IReadOnlyList<ScheduleRecord>> MeetAsync(Task<IReadOnlyList<ScheduleRecord>> read)
    {
        var schedules = await read;

        // A node that never arrives (a failed test) must not hang the others forever.
        await Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(10)));
        return schedules;
    }
}
