using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Sdk.Registration;

/// <summary>Explicit registration: each activity library exposes one <c>AddXxxActivities()</c> calling these.</summary>
public static class ActivityServiceCollectionExtensions
{
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services)
        where TActivity : class
    {
        var contract = typeof(TActivity).GetInterfaces()
            .SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IActivity<,>))
            ?? throw new InvalidOperationException($"{typeof(TActivity).Name} does not implement IActivity<TInput, TOutput>.");
        if (!typeof(TActivity).IsSealed)
        {
            throw new InvalidOperationException($"Activity {typeof(TActivity).Name} must be sealed.");
        }

        var register = typeof(ActivityServiceCollectionExtensions)
            .GetMethod(nameof(Register), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeof(TActivity), contract.GenericTypeArguments[0], contract.GenericTypeArguments[1]);
        register.Invoke(null, [services]);
        return services;
    }

    private static void Register<TActivity, TInput, TOutput>(IServiceCollection services)
        where TActivity : class, IActivity<TInput, TOutput>
        where TInput : class
        where TOutput : class
    {
        var descriptor = DescriptorFactory.Create(typeof(TActivity), typeof(TInput), typeof(TOutput));
        services.AddTransient<TActivity>();
        services.AddSingleton(new ActivityRegistration(
            descriptor,
            typeof(TActivity),
            typeof(TInput),
            typeof(TOutput),
            async (provider, inputs, context, cancellationToken) =>
            {
                var input = InputBinder.Bind<TInput>(inputs, descriptor.Reference);
                var activity = provider.GetRequiredService<TActivity>();
                var result = await activity.ExecuteAsync(input, context, cancellationToken);
                var outputs = JsonSerializer.SerializeToNode(result.Outputs, ActivityJson.Options) as JsonObject ?? [];
                return new ActivityInvocation(outputs, result.Changed, result.SetVariables);
            }));
    }
}
