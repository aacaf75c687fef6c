using ClusterWorkflows.Inventory.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Inventory.Yaml;

internal static class YamlPositions
{
    public static Position At(Mark mark) => new((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    public static Position At(YamlNode node) => At(node.Start);
}
