using ClusterWorkflows.Activities.Core.Http;
using ClusterWorkflows.Sdk.Descriptors;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Core.Tests;

public sealed class CoreActivitiesRegistrationTests
{
    private static ActivityHarness Harness() => new(s => s.AddCoreActivities());

    private static ActivityDescriptor Descriptor(ActivityHarness harness, string reference) => harness.Resolve(reference).Descriptor;

    [Fact]
    public void AddCoreActivities_RegistersExactlyTheEightCoreActivities()
    {
        using var harness = Harness();

        var references = harness.Catalog.Descriptors.Select(d => d.Reference).ToList();

        Assert.Equal(
            ["core.assert@1", "core.command@1", "core.delay@1", "core.fail@1", "core.http@1", "core.log@1", "core.progressDrill@1", "core.setVariable@1"],
            references);
        Assert.All(harness.Catalog.Descriptors, d => Assert.Equal("Core", d.Category));
    }

    [Fact]
    public void AddCoreActivities_KeepsAHostProvidedHttpClientProvider()
    {
        var own = new FixedClientProvider();
        using var harness = new ActivityHarness(s => s.AddSingleton<ICoreHttpClientProvider>(own).AddCoreActivities());

        Assert.Same(own, harness.Services.GetRequiredService<ICoreHttpClientProvider>());
    }

    [Fact]
    public void Command_IsDeclaredNotIdempotent_AndOthersAre()
    {
        using var harness = Harness();

        Assert.False(Descriptor(harness, "core.command@1").Idempotent);
        Assert.All(harness.Catalog.Descriptors.Where(d => d.TypeId != "core.command"), d => Assert.True(d.Idempotent, d.Reference));
    }

    [Fact]
    public void Http_BearerToken_IsSecret_AndDefaultsAreDescribed()
    {
        using var harness = Harness();
        var http = Descriptor(harness, "core.http@1");

        Assert.True(http.FindInput("bearerToken")!.Secret);
        Assert.True(http.FindInput("url")!.Required);
        Assert.Equal("\"GET\"", http.FindInput("method")!.Default!.ToJsonString());
        Assert.Contains("POST", http.FindInput("method")!.AllowedValues!);
        Assert.All(http.Inputs.Where(i => i.Name != "bearerToken"), i => Assert.False(i.Secret, i.Name));
    }

    [Fact]
    public void Inputs_HaveTheAgreedNamesAndDefaults()
    {
        using var harness = Harness();

        var log = Descriptor(harness, "core.log@1");
        Assert.Equal(["debug", "info", "warning", "error"], log.FindInput("level")!.AllowedValues!);
        Assert.Equal("\"info\"", log.FindInput("level")!.Default!.ToJsonString());

        var fail = Descriptor(harness, "core.fail@1");
        Assert.Equal(["message", "code", "times", "retryable"], fail.Inputs.Select(i => i.Name));
        Assert.Equal("1", fail.FindInput("times")!.Default!.ToJsonString());
        Assert.Equal("\"drill\"", fail.FindInput("code")!.Default!.ToJsonString());

        var command = Descriptor(harness, "core.command@1");
        Assert.Equal(
            ["command", "args", "shell", "workingDirectory", "environment", "timeout", "successExitCodes", "creates", "removes"],
            command.Inputs.Select(i => i.Name));
        Assert.Equal("[0]", command.FindInput("successExitCodes")!.Default!.ToJsonString());
        Assert.Equal(["exitCode", "stdout", "stderr"], command.Outputs.Select(o => o.Name));

        var http = Descriptor(harness, "core.http@1");
        Assert.Equal(["url", "method", "headers", "body", "json", "expectStatus", "timeout", "bearerToken"], http.Inputs.Select(i => i.Name));
        Assert.Equal(["status", "headers", "body", "json"], http.Outputs.Select(o => o.Name));

        Assert.Equal(["name", "value"], Descriptor(harness, "core.setVariable@1").Inputs.Select(i => i.Name));
        Assert.Equal(["duration"], Descriptor(harness, "core.delay@1").Inputs.Select(i => i.Name));
        Assert.Equal(["that", "message"], Descriptor(harness, "core.assert@1").Inputs.Select(i => i.Name));
    }

    private sealed class FixedClientProvider : ICoreHttpClientProvider
    {
        public HttpClient Client { get; } = new();
    }
}
