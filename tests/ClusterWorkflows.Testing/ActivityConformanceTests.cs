using System.ComponentModel;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Descriptors;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClusterWorkflows.Testing;

/// <summary>
/// The rules every activity library must follow, checked generically. A library's test project
/// subclasses this once, registering its activities and giving sample cases; each [Fact] checks all
/// activities or cases and reports every offender by name.
/// </summary>
public abstract partial class ActivityConformanceTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Registers the library's activities (and the services they need).</summary>
    protected abstract void Register(IServiceCollection services);

    /// <summary>Sample cases; at least one per registered activity.</summary>
    protected abstract IEnumerable<ConformanceCase> Cases();

    /// <summary>The clock handed to activities by the suite.</summary>
    protected virtual TimeProvider CreateTimeProvider() => TimeProvider.System;

    /// <summary>How long a cancelled activity may take to stop, and a long-running one to log its first line.</summary>
    protected virtual TimeSpan CancellationDeadline => TimeSpan.FromSeconds(10);

    protected ActivityHarness CreateHarness() => new(Register, CreateTimeProvider());

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeIdPattern();

    [Fact]
    public void Registrations_Exist_AndHaveCompleteDescriptors()
    {
        using var harness = CreateHarness();
        var registrations = Registrations(harness);
        Assert.True(registrations.Count > 0, "Register() registered no activity");
        var failures = new List<string>();
        foreach (var r in registrations)
        {
            var d = r.Descriptor;
            var name = $"{d.Reference} ({r.ActivityType.Name})";
            if (!TypeIdPattern().IsMatch(d.TypeId))
            {
                failures.Add($"{name}: type id '{d.TypeId}' does not match {TypeIdPattern()}");
            }

            if (d.Version < 1)
            {
                failures.Add($"{name}: version {d.Version} must be >= 1");
            }

            if (string.IsNullOrWhiteSpace(d.Description))
            {
                failures.Add($"{name}: [Activity] has no Description");
            }

            if (string.IsNullOrWhiteSpace(d.Category))
            {
                failures.Add($"{name}: [Activity] has no Category");
            }
            else if (!ActivityCategories.IsKnown(d.Category))
            {
                // The designer's palette groups by category: "etcd" beside "Etcd" would be two groups.
                failures.Add($"{name}: category '{d.Category}' is not one of {string.Join(", ", ActivityCategories.All)} (ActivityCategories)");
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public void Registrations_ActivityAndRecordTypes_AreSealed()
    {
        using var harness = CreateHarness();
        var failures = new List<string>();
        foreach (var r in Registrations(harness))
        {
            var name = r.Descriptor.Reference;
            if (!r.ActivityType.IsSealed)
            {
                failures.Add($"{name}: activity class {r.ActivityType.Name} is not sealed");
            }

            foreach (var type in new[] { r.InputType, r.OutputType })
            {
                if (!type.IsSealed)
                {
                    failures.Add($"{name}: record {type.Name} is not sealed");
                }
            }

            // The descriptor reads defaults from a parameterless-constructed instance.
            if (r.InputType.GetConstructor(Type.EmptyTypes) is null)
            {
                failures.Add($"{name}: input {r.InputType.Name} has no public parameterless constructor (use init properties)");
            }
        }

        AssertNone(failures);
    }

    /// <summary>The author's side: every input and output property carries [Description].</summary>
    [Fact]
    public void Records_EveryProperty_HasDescriptionAttribute()
    {
        using var harness = CreateHarness();
        var failures = new List<string>();
        foreach (var r in Registrations(harness))
        {
            foreach (var type in new[] { r.InputType, r.OutputType })
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetMethod is null || property.GetIndexParameters().Length > 0 || IsCompilerGenerated(property))
                    {
                        continue;
                    }

                    var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
                    if (string.IsNullOrWhiteSpace(description))
                    {
                        failures.Add($"{r.Descriptor.Reference}: {type.Name}.{property.Name} has no [Description]");
                    }
                }
            }
        }

        AssertNone(failures);
    }

    /// <summary>The designer's side: the descriptors actually expose those descriptions.</summary>
    [Fact]
    public void Descriptors_EveryProperty_HasDescription()
    {
        using var harness = CreateHarness();
        var failures = new List<string>();
        foreach (var d in harness.Catalog.Descriptors)
        {
            foreach (var (kind, property) in d.Inputs.Select(p => ("input", p)).Concat(d.Outputs.Select(p => ("output", p))))
            {
                if (string.IsNullOrWhiteSpace(property.Description))
                {
                    failures.Add($"{d.Reference}: {kind} '{property.Name}' has no description in the descriptor");
                }
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public void Schemas_AreClosedObjects()
    {
        using var harness = CreateHarness();
        var failures = new List<string>();
        foreach (var d in harness.Catalog.Descriptors)
        {
            foreach (var (kind, schema) in new[] { ("input", d.InputSchema), ("output", d.OutputSchema) })
            {
                if (schema["type"]?.GetValueKind() != JsonValueKind.String || schema["type"]!.GetValue<string>() != "object")
                {
                    failures.Add($"{d.Reference}: {kind} schema type is {schema["type"]?.ToJsonString() ?? "missing"}, expected \"object\"");
                }

                if (schema["additionalProperties"]?.GetValueKind() != JsonValueKind.False)
                {
                    failures.Add($"{d.Reference}: {kind} schema does not set additionalProperties: false");
                }
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public void Cases_CoverEveryActivity_AndEverySecretInput()
    {
        using var harness = CreateHarness();
        var cases = Cases().ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            if (Find(harness, c) is null)
            {
                failures.Add($"{c}: the case names an activity that is not registered");
            }
        }

        foreach (var d in harness.Catalog.Descriptors)
        {
            var mine = cases.Where(c => Find(harness, c)?.Descriptor == d).ToList();
            if (!mine.Any(c => !c.LongRunning))
            {
                failures.Add($"{d.Reference}: no (non long-running) conformance case");
            }

            foreach (var secret in d.Inputs.Where(i => i.Secret))
            {
                if (!mine.Any(c => c.Secret?.Input == secret.Name))
                {
                    failures.Add($"{d.Reference}: no case plants a secret in the [Secret] input '{secret.Name}'");
                }
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public void SampleInputs_ValidateBindAndRoundTrip()
    {
        using var harness = CreateHarness();
        var failures = new List<string>();
        var bind = typeof(InputBinder).GetMethod(nameof(InputBinder.Bind))!;
        foreach (var c in CasesOrFail())
        {
            if (Find(harness, c) is not { } r)
            {
                continue;
            }

            var input = Planted(c);

            var errors = InputValidator.Validate(r.Descriptor, input, _ => false);
            if (errors.Count > 0)
            {
                failures.Add($"{c}: the sample input fails descriptor validation: {string.Join("; ", errors.Select(e => e.Message))}");
            }

            try
            {
                var bound = Unwrap(() => bind.MakeGenericMethod(r.InputType).Invoke(null, [input, r.Descriptor.Reference]))!;
                var first = JsonSerializer.SerializeToNode(bound, r.InputType, ActivityJson.Options);
                var again = first.Deserialize(r.InputType, ActivityJson.Options);
                var second = JsonSerializer.SerializeToNode(again, r.InputType, ActivityJson.Options);
                if (!JsonNode.DeepEquals(first, second))
                {
                    failures.Add($"{c}: the bound input does not round-trip through JSON: {first?.ToJsonString()} became {second?.ToJsonString()}");
                }
            }
            catch (Exception ex) when (ex is ActivityException or JsonException or NotSupportedException)
            {
                failures.Add($"{c}: the sample input does not bind: {ex.Message}");
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public async Task Invoke_AlreadyCancelledToken_ThrowsOperationCanceled()
    {
        var failures = new List<string>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        foreach (var c in CasesOrFail())
        {
            await using var harness = CreateHarness();
            try
            {
                await harness.InvokeAsync(c.Activity, Planted(c), ct: cancelled.Token).WaitAsync(CancellationDeadline);
                failures.Add($"{c}: completed although the token was already cancelled");
            }
            catch (OperationCanceledException)
            {
                // Expected.
            }
            catch (TimeoutException)
            {
                failures.Add($"{c}: still running {CancellationDeadline} after being invoked with a cancelled token");
            }
            catch (Exception ex)
            {
                failures.Add($"{c}: threw {ex.GetType().Name} instead of OperationCanceledException: {ex.Message}");
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public async Task Invoke_LongRunningCancelledMidway_StopsWithinDeadline()
    {
        var failures = new List<string>();
        foreach (var c in CasesOrFail().Where(c => c.LongRunning))
        {
            await using var harness = CreateHarness();
            using var cts = new CancellationTokenSource();
            var run = harness.InvokeAsync(c.Activity, Planted(c), ct: cts.Token);
            try
            {
                // The first log line shows the operation is under way, so the cancel lands mid-way.
                await harness.Log.WaitForAsync(_ => true, CancellationDeadline);
            }
            catch (TimeoutException)
            {
                failures.Add($"{c}: wrote no log line within {CancellationDeadline}; a long operation must say what it waits for");
            }

            if (run.IsCompleted)
            {
                failures.Add($"{c}: finished before it was cancelled; a LongRunning case must run until cancelled ({run.Status})");
            }

            await cts.CancelAsync();
            try
            {
                await run.WaitAsync(CancellationDeadline);
                failures.Add($"{c}: completed normally after cancellation");
            }
            catch (OperationCanceledException)
            {
                // Expected.
            }
            catch (TimeoutException)
            {
                failures.Add($"{c}: still running {CancellationDeadline} after cancellation");
            }
            catch (Exception ex)
            {
                failures.Add($"{c}: threw {ex.GetType().Name} instead of OperationCanceledException: {ex.Message}");
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public async Task Invoke_PlantedSecrets_NeverLeak()
    {
        var failures = new List<string>();
        foreach (var c in CasesOrFail().Where(c => c.Secret is not null && !c.LongRunning))
        {
            var secret = c.Secret!;
            await using (var probe = CreateHarness())
            {
                var descriptor = Find(probe, c)?.Descriptor;
                if (descriptor?.FindInput(secret.Input) is not { Secret: true })
                {
                    failures.Add($"{c}: the secret is planted in '{secret.Input}', which is not a [Secret] input");
                    continue;
                }
            }

            foreach (var checkMode in new[] { false, true })
            {
                await using var harness = CreateHarness();
                var mode = checkMode ? "check mode" : "normal run";
                var places = new List<string>();
                try
                {
                    var result = await harness.InvokeAsync(c.Activity, Planted(c), checkMode);
                    if (Leaks(result.Outputs.ToJsonString(Relaxed), secret.Value))
                    {
                        places.Add("outputs");
                    }

                    var variables = JsonSerializer.Serialize(result.SetVariables, Relaxed);
                    if (Leaks(variables, secret.Value))
                    {
                        places.Add("variables");
                    }
                }
                catch (Exception ex)
                {
                    // Failing is allowed here (a case may plant a secret that the server refuses); leaking is not.
                    for (Exception? e = ex; e is not null; e = e.InnerException)
                    {
                        if (Leaks(e.Message, secret.Value))
                        {
                            places.Add($"the message of {e.GetType().Name}");
                        }
                    }
                }

                if (harness.Log.Lines.Any(l => Leaks(l.Text, secret.Value)))
                {
                    places.Add("log lines");
                }

                if (places.Count > 0)
                {
                    failures.Add($"{c} ({mode}): the secret in '{secret.Input}' leaked into {string.Join(", ", places)}");
                }
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public async Task Invoke_SecondRun_ReportsUnchanged()
    {
        var failures = new List<string>();
        foreach (var c in CasesOrFail().Where(c => c.SecondRunUnchanged && !c.LongRunning))
        {
            await using var harness = CreateHarness();
            try
            {
                var input = Planted(c);
                await harness.InvokeAsync(c.Activity, input);
                var second = await harness.InvokeAsync(c.Activity, input);
                if (second.Changed)
                {
                    failures.Add($"{c}: the second run against the same target reported Changed = true");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{c}: threw {Chain(ex)}");
            }
        }

        AssertNone(failures);
    }

    [Fact]
    public async Task Invoke_CheckMode_ChangesNothing()
    {
        var failures = new List<string>();
        foreach (var c in CasesOrFail().Where(c => c.Probe is not null && !c.LongRunning))
        {
            await using var harness = CreateHarness();
            if (Find(harness, c) is { Descriptor.SupportsCheckMode: false })
            {
                failures.Add($"{c}: has a Probe but the activity declares SupportsCheckMode = false");
                continue;
            }

            try
            {
                var input = Planted(c);
                var before = await c.Probe!(CancellationToken.None);
                var check = await harness.InvokeAsync(c.Activity, input, checkMode: true);
                var afterCheck = await c.Probe(CancellationToken.None);
                if (afterCheck != before)
                {
                    failures.Add($"{c}: check mode changed the target: '{before}' became '{afterCheck}'");
                    continue;
                }

                var real = await harness.InvokeAsync(c.Activity, input);
                var afterReal = await c.Probe(CancellationToken.None);
                if (real.Changed && afterReal == before)
                {
                    failures.Add($"{c}: the real run reported a change the probe cannot see ('{before}'), so the check-mode probe proves nothing");
                }

                if (real.Changed && !check.Changed)
                {
                    failures.Add($"{c}: check mode reported no change but the real run changed the target");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{c}: threw {Chain(ex)}");
            }
        }

        AssertNone(failures);
    }

    private static List<ActivityRegistration> Registrations(ActivityHarness harness) =>
        harness.Services.GetServices<ActivityRegistration>().ToList();

    private static ActivityRegistration? Find(ActivityHarness harness, ConformanceCase c)
    {
        try
        {
            return harness.Resolve(c.Activity);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private List<ConformanceCase> CasesOrFail()
    {
        var cases = Cases().ToList();
        Assert.True(cases.Count > 0, "Cases() returned no conformance case");
        return cases;
    }

    private static JsonObject Planted(ConformanceCase c)
    {
        var input = (JsonObject)c.Input.DeepClone();
        if (c.Secret is { } secret)
        {
            input[secret.Input] = secret.Value;
        }

        return input;
    }

    private static bool Leaks(string? text, string secret) =>
        text is not null && secret.Length > 0 && text.Contains(secret, StringComparison.Ordinal);

    private static bool IsCompilerGenerated(PropertyInfo property) =>
        property.Name == "EqualityContract" || property.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute));

    private static object? Unwrap(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    /// <summary>Each exception of the chain as "Type: message", so a transport failure shows its cause too.</summary>
    private static string Chain(Exception ex)
    {
        var parts = new List<string>();
        for (Exception? e = ex; e is not null && parts.Count < 6; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" <- ", parts);
    }

    private static void AssertNone(List<string> failures)
    {
        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} conformance failure(s):\n" + string.Join('\n', failures));
        }
    }
}
