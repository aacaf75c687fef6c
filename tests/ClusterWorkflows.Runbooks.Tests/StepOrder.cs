using Xunit.Abstractions;
using Xunit.Sdk;

namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>The position of a test in its class when the class shares one lab whose state the tests build on.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

/// <summary>
/// Runs a class's tests in the order their [Step] says. Why: the lab of a class is shared, and the
/// first bootstrap must meet truly bare hosts for its timing (and its changed count) to mean anything.
/// </summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "ClusterWorkflows.Runbooks.Tests.StepOrderer";

    public const string AssemblyName = "ClusterWorkflows.Runbooks.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(c => Order(c)).ThenBy(c => c.TestMethod.Method.Name, StringComparer.Ordinal);

    private static int Order(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName).FirstOrDefault() is { } step
            ? (int)step.GetConstructorArguments().First()
            : int.MaxValue;
}
