using System.Diagnostics;
using System.Text.Json.Nodes;
using Jint.Runtime;

namespace ClusterWorkflows.Expressions.Tests.Sandbox;

public sealed class SandboxTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(200);

    /// <summary>Generous: the limit is 200 ms; this only proves the evaluation does not hang.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static ExpressionScope Scope() => new ExpressionScope().Set("inputs", JsonNode.Parse("""{"n": 1}"""));

    private static ExpressionException Stops(ExpressionLimits limits, string code)
    {
        var evaluator = new ExpressionEvaluator(limits);
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(code, Scope()));
        Assert.True(watch.Elapsed < Deadline, $"'{code}' took {watch.Elapsed} to stop");
        return ex;
    }

    [Theory]
    [InlineData("(() => { while (true) {} })()")]
    [InlineData("(() => { for (;;) {} })()")]
    [InlineData("(() => { let i = 0; do { i++ } while (i >= 0); })()")]
    public void Evaluate_InfiniteLoop_StopsAtTheTimeLimit(string code)
    {
        // Statements unlimited, so only the clock can stop it.
        var ex = Stops(new ExpressionLimits { Timeout = Limit, MaxStatements = int.MaxValue }, code);

        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Contains("exceeded its sandbox limits (TimeoutException)", ex.Message);
    }

    [Fact]
    public void Evaluate_InfiniteLoop_StopsAtTheStatementLimit()
    {
        var ex = Stops(new ExpressionLimits { Timeout = TimeSpan.FromMinutes(5), MaxStatements = 1_000 }, "(() => { while (true) {} })()");

        Assert.IsType<StatementsCountOverflowException>(ex.InnerException);
    }

    [Fact]
    public void Evaluate_InfiniteLoopWithDefaultLimits_Stops()
    {
        var ex = Stops(ExpressionLimits.Default, "(() => { while (true) {} })()");

        Assert.Contains("sandbox limits", ex.Message);
    }

    [Fact]
    public void Evaluate_InfiniteLoopInCondition_Stops()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionLimits { Timeout = Limit });

        Assert.Throws<ExpressionException>(() => evaluator.EvaluateCondition("${{ (() => { while (true) {} })() }}", Scope()));
    }

    [Theory]
    [InlineData("(() => { const a = []; while (true) a.push('xxxxxxxxxxxxxxxx'); })()")]
    [InlineData("(() => { let s = 'x'; while (true) s += s + 'y'; })()")]
    [InlineData("(() => { const a = []; while (true) a.push(new Array(1000).fill(1)); })()")]
    public void Evaluate_GrowingAllocation_StopsAtTheMemoryLimit(string code)
    {
        var ex = Stops(new ExpressionLimits { Timeout = TimeSpan.FromMinutes(5), MaxStatements = int.MaxValue }, code);

        Assert.True(ex.InnerException is MemoryLimitExceededException or JavaScriptException, ex.Message);
    }

    [Fact]
    public void Evaluate_GrowingArrayWithDefaultLimits_Stops()
    {
        var ex = Stops(ExpressionLimits.Default, "(() => { const a = []; while (true) a.push('xxxxxxxxxx'); })()");

        Assert.Contains("sandbox limits", ex.Message);
    }

    [Theory]
    [InlineData("'x'.repeat(1e9)")]
    [InlineData("'x'.repeat(5e8).length")]
    [InlineData("'x'.repeat(2e7)")]
    [InlineData("'x'.repeat(1e4).repeat(1e4).length")]
    [InlineData("[1, 2].join('x'.repeat(3e8)).length")]
    [InlineData("'x'.repeat({ valueOf() { return 5e8 } }).length")]
    [InlineData("String.prototype.repeat.call('x', 5e8).length")]
    [InlineData("'xy'.padEnd(3e8).length")]
    [InlineData("new Array(3e8).join('x').length")]
    [InlineData("new Array(1e7).fill(0).length")]
    [InlineData("Array.from({ length: 1e7 }, (_, i) => i).length")]
    public void Evaluate_HugeSingleAllocation_IsRefused(string code)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        Stops(ExpressionLimits.Default with { Timeout = TimeSpan.FromMinutes(5) }, code);

        // Refused before allocating: nowhere near the 1 GB the unguarded calls would take.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 200_000_000);
    }

    [Theory]
    [InlineData("'x'.repeat(4e6).toUpperCase().toLowerCase().length")]
    [InlineData("'aaa'.replaceAll('a', 'x'.repeat(7e6)).length")]
    public void Evaluate_LastCallsExceedMemoryWithNoStatementAfter_IsRefusedAtTheEnd(string code)
    {
        var ex = Stops(ExpressionLimits.Default with { Timeout = TimeSpan.FromMinutes(5) }, code);

        Assert.Contains("exceeded its sandbox limits", ex.Message);
    }

    [Theory]
    [InlineData("'ab'.repeat(3)", "\"ababab\"")]
    [InlineData("'a'.repeat()", "\"\"")]
    [InlineData("'a'.repeat(0)", "\"\"")]
    [InlineData("String.prototype.repeat.call(5, 2)", "\"55\"")]
    [InlineData("(() => { let calls = 0; const n = { valueOf() { calls++; return 2 } }; return ['ab'.repeat(n), calls] })()", "[\"abab\", 1]")]
    [InlineData("Object.getOwnPropertyDescriptor(String.prototype, 'repeat').enumerable", "false")]
    [InlineData("'x'.repeat(1e5).length", "100000")]
    public void Evaluate_GuardedRepeat_BehavesLikeRepeat(string code, string expected)
    {
        var value = new ExpressionEvaluator().Evaluate(code, Scope());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), value), value?.ToJsonString());
    }

    [Fact]
    public void Evaluate_NegativeRepeat_IsStillARangeError()
    {
        var ex = Assert.Throws<ExpressionException>(() => new ExpressionEvaluator().Evaluate("'a'.repeat(-1)", Scope()));

        Assert.Contains("RangeError", ex.Message);
    }

    [Theory]
    [InlineData("(function f(n) { return f(n + 1); })(0)")]
    [InlineData("(() => { const f = n => f(n + 1) + 1; return f(0); })()")]
    public void Evaluate_DeepRecursion_StopsAtTheRecursionLimit(string code)
    {
        var ex = Stops(new ExpressionLimits { Timeout = TimeSpan.FromMinutes(5), MaxRecursion = 20 }, code);

        Assert.IsType<RecursionDepthOverflowException>(ex.InnerException);
    }

    [Fact]
    public void Evaluate_RecursionWithinTheLimit_Succeeds()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionLimits { MaxRecursion = 20 });

        Assert.Equal(55, evaluator.Evaluate("(function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); })(10)", Scope())!.GetValue<long>());
    }

    [Fact]
    public void Evaluate_AfterARunawayExpression_NextEvaluationWorks()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionLimits { Timeout = Limit });
        Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(() => { while (true) {} })()", Scope()));

        Assert.Equal(2, evaluator.Evaluate("inputs.n + 1", Scope())!.GetValue<long>());
    }

    [Theory]
    [InlineData("typeof System")]
    [InlineData("typeof importNamespace")]
    [InlineData("typeof require")]
    [InlineData("typeof process")]
    [InlineData("typeof clr")]
    [InlineData("typeof host")]
    [InlineData("typeof Jint")]
    [InlineData("typeof module")]
    [InlineData("typeof fetch")]
    [InlineData("typeof XMLHttpRequest")]
    [InlineData("typeof globalThis.System")]
    [InlineData("typeof globalThis.importNamespace")]
    [InlineData("Function('return typeof importNamespace')()")]
    [InlineData("''.constructor.constructor('return typeof process')()")]
    [InlineData("eval('typeof System')")]
    public void Evaluate_HostAccess_IsNotAvailable(string code)
    {
        var value = new ExpressionEvaluator().Evaluate(code, Scope());

        Assert.Equal("undefined", value!.GetValue<string>());
    }

    [Theory]
    [InlineData("globalThis.constructor.constructor('return this')()")]
    [InlineData("(function () { return this })()")]
    public void Evaluate_EscapeToGlobalThroughThis_GetsUndefinedInStrictMode(string code)
    {
        Assert.Null(new ExpressionEvaluator().Evaluate(code, Scope()));
    }

    [Fact]
    public void Evaluate_GlobalObject_HoldsOnlyStandardJavaScript()
    {
        var names = new ExpressionEvaluator().Evaluate("Object.getOwnPropertyNames(globalThis)", Scope())!.AsArray().Select(n => n!.GetValue<string>()).ToList();

        Assert.Contains("JSON", names);
        Assert.Contains("Math", names);
        Assert.DoesNotContain("System", names);
        Assert.DoesNotContain("importNamespace", names);
        Assert.DoesNotContain("require", names);
        Assert.DoesNotContain("process", names);
        Assert.DoesNotContain(names, n => n.Contains("clr", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO').File.ReadAllText('/etc/passwd')")]
    [InlineData("require('fs').readFileSync('/etc/passwd')")]
    [InlineData("process.env")]
    [InlineData("globalThis.constructor.constructor('return this')().System.IO")]
    [InlineData("inputs.constructor.constructor('return importNamespace')()('System')")]
    [InlineData("inputs.GetType()")]
    public void Evaluate_FileSystemOrClrAttempt_FailsWithExpressionException(string code)
    {
        Assert.Throws<ExpressionException>(() => new ExpressionEvaluator().Evaluate(code, Scope()));
    }

    [Fact]
    public void Evaluate_ScopeValues_ArePlainJavaScriptObjects()
    {
        var value = new ExpressionEvaluator().Evaluate("[Object.getPrototypeOf(inputs) === Object.prototype, typeof inputs.GetType, typeof inputs.ToString]", Scope());

        Assert.Equal("""[true,"undefined","undefined"]""", value!.ToJsonString());
    }

    [Theory]
    [InlineData("(() => { undeclared = 1; return undeclared })()", "ReferenceError")]
    [InlineData("010", "SyntaxError")]
    [InlineData("(() => { const o = Object.freeze({ a: 1 }); o.a = 2; return o.a })()", "TypeError")]
    [InlineData("(() => { delete Object.prototype; return 1 })()", "TypeError")]
    [InlineData("(function () { with ({}) {} })()", "SyntaxError")]
    [InlineData("(() => { arguments = 1 })()", "SyntaxError")]
    public void Evaluate_SloppyModeBehaviour_IsAnErrorInStrictMode(string code, string error)
    {
        var ex = Assert.Throws<ExpressionException>(() => new ExpressionEvaluator().Evaluate(code, Scope()));

        Assert.Contains(error, ex.Message);
    }

    [Fact]
    public void Evaluate_GlobalAssignmentWithoutDeclaration_DoesNotLeakToLaterEvaluations()
    {
        var evaluator = new ExpressionEvaluator();
        evaluator.Evaluate("globalThis.inputs = { n: 100 }", Scope());

        Assert.Equal(1, evaluator.Evaluate("inputs.n", Scope())!.GetValue<long>());
    }
}
