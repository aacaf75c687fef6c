using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Runtime.Tests;

public sealed class ProblemListTests
{
    [Fact]
    public void InvalidInputs_HundredThousandErrors_MessageListsAHundredAndCountsTheRest()
    {
        var errors = Enumerable.Range(0, 100_000).Select(i => $"input 'in{i}' is not declared").ToList();

        var message = new RunInputsInvalidException("big", errors).Message;

        Assert.Equal(102, message.Split(Environment.NewLine).Length);
        Assert.EndsWith("… and 99900 more problem(s), not shown", message, StringComparison.Ordinal);
        Assert.Equal(100_000, new RunInputsInvalidException("big", errors).Errors.Count);
    }

    [Fact]
    public void Format_FewProblems_ListsAllWithoutACount()
    {
        var text = ProblemList.Format(["a", "b"]);

        Assert.Equal($"  a{Environment.NewLine}  b", text);
    }
}
