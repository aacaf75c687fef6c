using System.Text;

namespace ClusterWorkflows.Designer.Tests.Fixtures;

/// <summary>Runbooks made by the tests themselves.</summary>
public static class Runbooks
{
    /// <summary>
    /// A runbook of <paramref name="steps"/> activity steps in groups of ten (plain groups, loops and
    /// conditions in turn), the size the designer must open in under half a second.
    /// </summary>
    public static string Large(int steps = 300)
    {
        var text = new StringBuilder("id: large-300\nversion: 1\ndescription: 300 steps in groups, for the designer's timing.\ninputs:\n  go: { type: boolean, default: true }\nsteps:\n");
        for (var g = 0; g < steps / 10; g++)
        {
            text.Append($"  - id: group{g}\n");
            text.Append((g % 3) switch
            {
                1 => "    forEach: [a, b, c]\n    steps:\n",
                2 => "    if: inputs.go\n    then:\n",
                _ => "    steps:\n",
            });
            for (var s = 0; s < 10; s++)
            {
                text.Append($"      - {{ id: g{g}_s{s}, uses: core.log@1, with: {{ message: \"step {s} of group {g}\" }} }}\n");
            }
        }

        return text.ToString();
    }
}
