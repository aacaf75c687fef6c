namespace ClusterWorkflows.Definitions.Tests;

public sealed partial class DocumentationTests
{
    [Fact]
    public void Docs_TriggerExample_IsClean()
    {
        var triggers = Blocks().Where(b => b.StartsWith("triggers:", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, block => Check.Clean("id: doc-example\nversion: 1\ninputs:\n  cluster: { type: string }\nsteps: [ { id: s, delay: 1s } ]\n" + block));
    }
}
