using System.Globalization;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Services;

/// <summary>Builds a service spec from the inputs and applies the given fields to an existing spec, listing what differed.</summary>
internal static class ServiceSpecs
{
    public static ServiceSpec New(EnsureServiceInput input, IReadOnlyDictionary<string, string> networkIds)
    {
        var spec = new ServiceSpec
        {
            Name = input.Name,
            TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = input.Image } },
            Mode = new ServiceMode(),
            EndpointSpec = new EndpointSpec(),
        };
        Apply(input, spec, networkIds);
        if (spec.Mode.Replicated is { Replicas: null } replicated)
        {
            replicated.Replicas = 1;
        }

        return spec;
    }

    /// <summary>Sets every field the input gives on <paramref name="spec"/>; returns what was different.</summary>
    public static List<string> Apply(EnsureServiceInput input, ServiceSpec spec, IReadOnlyDictionary<string, string> networkIds)
    {
        var changes = new List<string>();
        spec.TaskTemplate ??= new TaskSpec();
        var container = spec.TaskTemplate.ContainerSpec ??= new ContainerSpec();
        spec.Mode ??= new ServiceMode();
        spec.EndpointSpec ??= new EndpointSpec();

        // The CLI pins image@digest when it can reach a registry; a spec pinned to the same tag is the same image.
        var currentImage = container.Image ?? "";
        var at = currentImage.IndexOf("@sha256:", StringComparison.Ordinal);
        var currentTag = at > 0 && !input.Image.Contains('@', StringComparison.Ordinal) ? currentImage[..at] : currentImage;
        if (currentTag != input.Image)
        {
            changes.Add($"image {currentImage} -> {input.Image}");
            container.Image = input.Image;
        }

        var isGlobal = spec.Mode.Global is not null;
        if (input.Mode == "global" && !isGlobal)
        {
            changes.Add("mode -> global");
            spec.Mode = new ServiceMode { Global = new GlobalService() };
        }
        else if (input.Mode == "replicated")
        {
            if (spec.Mode.Replicated is null)
            {
                changes.Add("mode -> replicated");
                spec.Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)(input.Replicas ?? 1) } };
            }
            else if (input.Replicas is { } replicas && spec.Mode.Replicated.Replicas != (ulong)replicas)
            {
                changes.Add($"replicas {spec.Mode.Replicated.Replicas} -> {replicas}");
                spec.Mode.Replicated.Replicas = (ulong)replicas;
            }
        }

        if (input.Env is { } env)
        {
            var wanted = env.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}").ToList();
            if (!SameSet(container.Env, wanted))
            {
                changes.Add("env");
                container.Env = wanted;
            }
        }

        if (input.Labels is { } labels && !SameMap(spec.Labels, labels))
        {
            changes.Add("labels");
            spec.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        }

        if (input.Constraints is { } constraints)
        {
            spec.TaskTemplate.Placement ??= new Placement();
            if (!SameSet(spec.TaskTemplate.Placement.Constraints, constraints))
            {
                changes.Add($"constraints -> [{string.Join(", ", constraints)}]");
                spec.TaskTemplate.Placement.Constraints = [.. constraints];
            }
        }

        var mode = string.IsNullOrEmpty(spec.EndpointSpec.Mode) ? "vip" : spec.EndpointSpec.Mode;
        if (mode != input.EndpointMode)
        {
            changes.Add($"endpoint mode {mode} -> {input.EndpointMode}");
            spec.EndpointSpec.Mode = input.EndpointMode;
        }
        else
        {
            spec.EndpointSpec.Mode = input.EndpointMode;
        }

        if (input.Ports is { } ports)
        {
            var wanted = ports.Select(p => new PortConfig
            {
                TargetPort = (uint)p.Target,
                PublishedPort = (uint)p.Published,
                Protocol = p.Protocol,
                PublishMode = p.Mode,
            }).ToList();
            if (!SameSet(spec.EndpointSpec.Ports?.Select(Port), wanted.Select(Port)))
            {
                changes.Add($"ports -> [{string.Join(", ", wanted.Select(Port))}]");
                spec.EndpointSpec.Ports = wanted;
            }
        }

        if (input.Networks is { } networks)
        {
            var wanted = networks.Select(n => networkIds.TryGetValue(n, out var id) ? id : n).ToList();
            var current = (spec.TaskTemplate.Networks ?? spec.Networks ?? []).Select(n => n.Target);
            if (!SameSet(current, wanted))
            {
                changes.Add($"networks -> [{string.Join(", ", networks)}]");
                spec.TaskTemplate.Networks = wanted.Select(t => new NetworkAttachmentConfig { Target = t }).ToList();
                spec.Networks = null;
            }
        }

        if (input.Command is { } command && !(container.Command ?? []).SequenceEqual(command, StringComparer.Ordinal))
        {
            changes.Add($"command -> [{string.Join(" ", command)}]");
            container.Command = [.. command];
        }

        return changes;
    }

    private static string Port(PortConfig p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.PublishedPort}:{p.TargetPort}/{(string.IsNullOrEmpty(p.Protocol) ? "tcp" : p.Protocol)} ({(string.IsNullOrEmpty(p.PublishMode) ? "ingress" : p.PublishMode)})");

    private static bool SameSet(IEnumerable<string>? current, IEnumerable<string> wanted) =>
        (current ?? []).Order(StringComparer.Ordinal).SequenceEqual(wanted.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static bool SameMap(IDictionary<string, string>? current, IReadOnlyDictionary<string, string> wanted) =>
        (current?.Count ?? 0) == wanted.Count && wanted.All(kv => current!.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
