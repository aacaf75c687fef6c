using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ClusterWorkflows.Expressions;

/// <summary>
/// Jint checks its memory limit between statements and inside most bulk built-ins, but
/// String.prototype.repeat allocates its whole result in one call without looking
/// ('x'.repeat(5e8) is a gigabyte). The guard refuses such a call before it allocates.
/// </summary>
internal static class AllocationGuards
{
    public static void Install(Engine engine, long memoryBytes)
    {
        var prototype = engine.GetValue("String").AsObject().Get("prototype").AsObject();
        var repeat = prototype.Get("repeat");
        var guarded = new ClrFunction(engine, "repeat", (self, arguments) =>
        {
            // Converted once and passed on, so a valueOf() is not run twice.
            var count = TypeConverter.ToNumber(arguments.Length > 0 ? arguments[0] : JsValue.Undefined);
            var length = TypeConverter.ToString(self).Length;
            if (count > 0 && length * count * sizeof(char) > memoryBytes)
            {
                throw new JavaScriptException(engine.Construct("RangeError", $"repeat would allocate more than the expression memory limit ({memoryBytes} bytes)"));
            }

            return engine.Call(repeat, self, [count]);
        });
        prototype.Set("repeat", guarded);
    }
}
