using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Tests;

public sealed class CheckCertificateTests
{
    [Fact]
    public async Task ExecuteAsync_IssuedCertificate_ValidWithDaysLeft()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var issued = await pki.IssueAsync(PkiTestContext.Leaf());
        pki.Time.Advance(TimeSpan.FromDays(100));

        var result = await pki.Harness.InvokeAsync("pki.checkCertificate@1", Input(issued));

        Assert.False(result.Changed);
        Assert.True(result.Outputs["valid"]!.GetValue<bool>());
        Assert.Equal(265, result.Outputs["daysLeft"]!.GetValue<int>());
        Assert.Empty(result.Outputs["problems"]!.AsArray());
    }

    [Fact]
    public async Task ExecuteAsync_OtherCa_Invalid()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var issued = await pki.IssueAsync(PkiTestContext.Leaf());
        var other = await pki.CreateCaAsync(name: "other", commonName: "Other CA");
        var input = Input(issued);
        input["caPem"] = PkiTestContext.Text(other, "certificatePem");

        var result = await pki.Harness.InvokeAsync("pki.checkCertificate@1", input);

        Assert.False(result.Outputs["valid"]!.GetValue<bool>());
        Assert.NotEmpty(result.Outputs["problems"]!.AsArray());
    }

    [Fact]
    public async Task ExecuteAsync_ExpiringWithinFailWithin_Throws()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var issued = await pki.IssueAsync(PkiTestContext.Leaf());
        pki.Time.Advance(TimeSpan.FromDays(360));
        var input = Input(issued);
        input["failWithin"] = "30d";

        var error = await Assert.ThrowsAsync<ActivityException>(() => pki.Harness.InvokeAsync("pki.checkCertificate@1", input));

        Assert.Equal("pki.certificate-invalid", error.Code);
    }

    [Fact]
    public async Task ExecuteAsync_NotPem_ThrowsBadInput()
    {
        await using var pki = new PkiTestContext();
        var ca = await pki.CreateCaAsync();
        var input = new JsonObject { ["certificatePem"] = "hello", ["caPem"] = PkiTestContext.Text(ca, "certificatePem") };

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => pki.Harness.InvokeAsync("pki.checkCertificate@1", input));

        Assert.Contains("certificatePem", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Input(ClusterWorkflows.Sdk.Registration.ActivityInvocation issued) => new()
    {
        ["certificatePem"] = PkiTestContext.Text(issued, "certificatePem"),
        ["caPem"] = PkiTestContext.Text(issued, "caPem"),
    };
}
