using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Sdk.Tests.TestActivities;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Sdk.Tests.Registration;

public sealed class AddActivityTests
{
    private readonly EchoProbe probe = new();
    private readonly ListLog log = new();

    private ServiceProvider Provider(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGreeting>(new FixedGreeting("hi "));
        services.AddSingleton(probe);
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private ActivityContext Context(bool checkMode = false) => new()
    {
        RunId = "run-1",
        StepPath = "main/echo",
        Attempt = 2,
        IdempotencyKey = "run-1/main/echo",
        Log = log,
        Time = TimeProvider.System,
        CheckMode = checkMode,
    };

    [Fact]
    public void AddActivity_RegistersDescriptorAndTypes()
    {
        using var provider = Provider(s => s.AddActivity<EchoActivity>());

        var registration = Assert.Single(provider.GetServices<ActivityRegistration>());

        Assert.Equal("test.echo@1", registration.Descriptor.Reference);
        Assert.Equal("Echoes its input.", registration.Descriptor.Description);
        Assert.Equal(typeof(EchoActivity), registration.ActivityType);
        Assert.Equal(typeof(EchoInput), registration.InputType);
        Assert.Equal(typeof(EchoOutput), registration.OutputType);
    }

    [Fact]
    public void AddActivity_ActivityIsTransient()
    {
        using var provider = Provider(s => s.AddActivity<EchoActivity>());

        var first = provider.GetRequiredService<EchoActivity>();
        var second = provider.GetRequiredService<EchoActivity>();

        Assert.NotSame(first, second);
    }

    [Fact]
    public void AddActivity_ReturnsTheSameCollectionForChaining()
    {
        var services = new ServiceCollection();

        Assert.Same(services, services.AddActivity<EchoActivity>().AddActivity<VersionedV1>());
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(ActivityRegistration)));
    }

    [Fact]
    public async Task Invoke_ValidInputs_ExecutesWithServicesContextAndToken()
    {
        using var provider = Provider(s => s.AddActivity<EchoActivity>());
        var registration = provider.GetRequiredService<ActivityRegistration>();
        using var cancellation = new CancellationTokenSource();
        var context = Context();

        var invocation = await registration.Invoke(provider, new JsonObject { ["text"] = "ab", ["times"] = 2 }, context, cancellation.Token);

        Assert.True(invocation.Changed);
        Assert.Equal("""{"result":"hi abab","length":7,"speed":"veryFast","took":"1m30s"}""", invocation.Outputs.ToJsonString());
        Assert.Equal("hi abab", invocation.SetVariables!["lastEcho"]!.GetValue<string>());
        var call = Assert.Single(probe.Calls);
        Assert.Equal(new EchoInput { Text = "ab", Times = 2 }, call.Input);
        Assert.Same(context, call.Context);
        Assert.Equal(cancellation.Token, call.Token);
        Assert.Equal([(LogLevel.Info, "echo ab")], log.Lines);
    }

    [Fact]
    public async Task Invoke_CheckMode_ReportsUnchanged()
    {
        using var provider = Provider(s => s.AddActivity<EchoActivity>());
        var registration = provider.GetRequiredService<ActivityRegistration>();

        var invocation = await registration.Invoke(provider, new JsonObject { ["text"] = "x" }, Context(checkMode: true), CancellationToken.None);

        Assert.False(invocation.Changed);
        Assert.True(Assert.Single(probe.Calls).Context.CheckMode);
    }

    [Fact]
    public async Task Invoke_InvalidInputs_ThrowsBindingErrorWithoutExecuting()
    {
        using var provider = Provider(s => s.AddActivity<EchoActivity>());
        var registration = provider.GetRequiredService<ActivityRegistration>();

        var ex = await Assert.ThrowsAsync<InputBindingException>(() => registration.Invoke(provider, new JsonObject { ["text"] = "x", ["times"] = 9 }, Context(), CancellationToken.None));

        Assert.Equal("invalid inputs for test.echo@1: times: The field Times must be between 1 and 5.", ex.Message);
        Assert.Empty(probe.Calls);
    }

    [Fact]
    public async Task Invoke_MissingService_Throws()
    {
        var services = new ServiceCollection().AddActivity<EchoActivity>();
        using var provider = services.BuildServiceProvider();
        var registration = provider.GetRequiredService<ActivityRegistration>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => registration.Invoke(provider, new JsonObject { ["text"] = "x" }, Context(), CancellationToken.None));
    }

    [Fact]
    public void AddActivity_NotSealed_IsRefused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddActivity<UnsealedActivity>());

        Assert.Equal("Activity UnsealedActivity must be sealed.", ex.Message);
    }

    [Fact]
    public void AddActivity_NotAnActivity_IsRefused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddActivity<NotAnActivity>());

        Assert.Equal("NotAnActivity does not implement IActivity<TInput, TOutput>.", ex.Message);
    }

    [Fact]
    public void AddActivity_NoActivityAttribute_IsRefusedWithClearMessage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddActivity<UnattributedActivity>());

        Assert.Contains("has no [Activity] attribute", ex.Message);
        Assert.Contains(nameof(UnattributedActivity), ex.Message);
    }

    [Fact]
    public void AddActivity_TwoContracts_IsRefusedWithClearMessage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddActivity<TwoContractsActivity>());

        Assert.Contains("TwoContractsActivity implements IActivity<TInput, TOutput> more than once", ex.Message);
    }

    [Fact]
    public void AddActivity_Refused_RegistersNothing()
    {
        var services = new ServiceCollection();

        Assert.Throws<InvalidOperationException>(() => services.AddActivity<UnsealedActivity>());
        Assert.Throws<InvalidOperationException>(() => services.AddActivity<UnattributedActivity>());

        Assert.Empty(services);
    }
}
