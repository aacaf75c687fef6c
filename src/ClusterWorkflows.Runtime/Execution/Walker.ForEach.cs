using System.Globalization;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

public sealed partial class Walker
{
    /// <summary>
    /// Ansible-style fan-out: items run in batches (<c>serial</c>), at most <c>concurrency</c> at a
    /// time inside a batch; after each batch the failure ratio is checked against
    /// <c>maxFailPercentage</c>. Tolerated item failures are marked handled; a retry re-runs only
    /// the failed items because finished ones replay from the journal.
    /// </summary>
    private async Task<StepOutcome> ForEachAsync(ForEachStep step, string path, Frame frame)
    {
        var items = await ItemsAsync(step, path, frame);
        if (items.Fault is not null)
        {
            frame.Results.Set(step.Id, StepResults.Entry("faulted", false, null, items.Fault.Error));
            return items.Fault;
        }

        var list = items.Value!;
        var keys = Keys(list);
        var summary = new JsonArray();
        var outcomes = new StepOutcome[list.Count];
        var failed = 0;
        var index = 0;
        foreach (var size in Batches(step, list.Count))
        {
            var batch = Enumerable.Range(index, Math.Min(size, list.Count - index)).ToList();
            index += batch.Count;
            using var gate = new SemaphoreSlim(Math.Max(1, step.Concurrency));
            await Task.WhenAll(batch.Select(async i =>
            {
                await gate.WaitAsync(ctx.Stop);
                try
                {
                    var itemFrame = frame with
                    {
                        Path = StepPath.Item(path, keys[i]),
                        Results = new StepResults(frame.Results),
                        ItemKey = keys[i],
                        Locals = new Dictionary<string, JsonNode?>(frame.Locals)
                        {
                            [step.As] = list[i]?.DeepClone(),
                            ["index"] = i,
                        },
                    };
                    outcomes[i] = await RunListAsync(step.Steps, itemFrame);
                }
                finally
                {
                    gate.Release();
                }
            }));

            var batchOutcomes = batch.Select(i => outcomes[i]).ToList();
            failed += batchOutcomes.Count(o => o.Kind == OutcomeKind.Faulted);
            var stop = batchOutcomes.FirstOrDefault(o => o.Kind is OutcomeKind.Waiting or OutcomeKind.Cancelled);
            if (stop is not null)
            {
                return Finish(step, frame, keys, outcomes, StepOutcome.Combine(batchOutcomes.Where(o => o.Kind != OutcomeKind.Faulted).ToList()));
            }

            if (failed * 100.0 / list.Count > step.MaxFailPercentage)
            {
                var faults = outcomes.Where(o => o?.Kind == OutcomeKind.Faulted).ToList();
                var error = new StepError(
                    faults[0].Error!.Code,
                    string.Create(CultureInfo.InvariantCulture, $"{failed} of {list.Count} items failed (max {step.MaxFailPercentage}%); first: {faults[0].Error!.Message}"),
                    false);
                return Finish(step, frame, keys, outcomes, StepOutcome.Fault(error, faults.SelectMany(f => f.Faults).ToList()));
            }
        }

        await MarkHandledAsync(outcomes.Where(o => o.Kind == OutcomeKind.Faulted).SelectMany(o => o.Faults).ToList());
        return Finish(step, frame, keys, outcomes, StepOutcome.Done);
    }

    private static StepOutcome Finish(ForEachStep step, Frame frame, IReadOnlyList<string> keys, StepOutcome?[] outcomes, StepOutcome result)
    {
        var items = new JsonArray();
        for (var i = 0; i < keys.Count; i++)
        {
            items.Add(new JsonObject
            {
                ["key"] = keys[i],
                ["status"] = outcomes[i] is { } o ? o.Kind.ToString().ToLowerInvariant() : "pending",
            });
        }

        var outputs = new JsonObject
        {
            ["items"] = items,
            ["succeeded"] = outcomes.Count(o => o?.IsFinished == true),
            ["failed"] = outcomes.Count(o => o?.Kind == OutcomeKind.Faulted),
        };
        frame.Results.Set(step.Id, StepResults.Entry(result.Kind.ToString().ToLowerInvariant(), false, outputs, result.Error));
        return result with { Outputs = outputs };
    }

    private async Task<Guarded<List<JsonNode?>?>> ItemsAsync(ForEachStep step, string path, Frame frame)
    {
        JsonNode? value = step.Items;
        if (step.Items is JsonValue v && v.TryGetValue<string>(out var text))
        {
            var evaluated = await Guards.ValueAsync(ctx, step, path, frame, text);
            if (evaluated.Fault is not null)
            {
                return new(null, evaluated.Fault);
            }

            value = evaluated.Value;
        }
        else
        {
            value = ctx.Evaluator.Render(step.Items, ctx.Scope(frame));
        }

        if (value is JsonArray array)
        {
            return new(array.Select(n => n?.DeepClone()).ToList(), null);
        }

        var fault = await Guards.FaultAsync(ctx, step, path, frame, new StepError(
            "forEach.items", $"forEach items must be an array, got {ExpressionEvaluator.ToText(value)}", false));
        return new(null, fault);
    }

    /// <summary>Stable keys for journal paths: a string item, an object's name or id, else the index.</summary>
    private static List<string> Keys(IReadOnlyList<JsonNode?> items)
    {
        var keys = items.Select((item, i) => item switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
            JsonObject o when o["name"] is JsonValue n && n.TryGetValue<string>(out var name) => name,
            JsonObject o when o["id"] is JsonValue n && n.TryGetValue<string>(out var id) => id,
            _ => i.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        return keys.Distinct(StringComparer.Ordinal).Count() == keys.Count
            ? keys
            : Enumerable.Range(0, items.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Batch sizes like Ansible's serial: the last size repeats until all items are placed.</summary>
    public static IEnumerable<int> Batches(ForEachStep step, int total)
    {
        if (total == 0)
        {
            yield break;
        }

        if (step.Serial.Count == 0)
        {
            yield return total;
            yield break;
        }

        var placed = 0;
        var i = 0;
        while (placed < total)
        {
            var size = step.Serial[Math.Min(i++, step.Serial.Count - 1)].Resolve(total);
            size = Math.Min(size, total - placed);
            placed += size;
            yield return size;
        }
    }
}
