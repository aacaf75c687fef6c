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
        var contracts = typeof(TActivity).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IActivity<,>))
            .ToList();
        var contract = contracts.Count switch
        {
            0 => throw new InvalidOperationException($"{typeof(TActivity).Name} does not implement IActivity<TInput, TOutput>."),
            1 => contracts[0],
            _ => throw new InvalidOperationException($"{typeof(TActivity).Name} implements IActivity<TInput, TOutput> more than once; an activity has one input and one output type."),
        };
        if (!typeof(TActivity).IsSealed)
        {
            throw new InvalidOperationException($"Activity {typeof(TActivity).Name} must be sealed.");
        }

        var register = typeof(ActivityServiceCollectionExtensions)
            .GetMethod(nameof(Register), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeof(TActivity), contract.GenericTypeArguments[0], contract.GenericTypeArguments[1]);
        // Unwrapped, so a missing [Activity] arrives as its own clear InvalidOperationException.
        register.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [services], culture: null);
        return services;
    }

    private static void Register<TActivity, TInput, TOutput>(IServiceCollection services)
        where TActivity : class, IActivity<TInput, TOutput>
        where TInput : class
        where TOutput : class
    {
        var descriptor = DescriptorFactory.Create(typeof(TActivity), typeof(TInput), typeof(TOutput));
        var errorCode = typeof(TActivity).GetCustomAttribute<ActivityAttribute>()!.InputErrorCode;
        services.AddTransient<TActivity>();
        services.AddSingleton(new ActivityRegistration(
            descriptor,
            typeof(TActivity),
            typeof(TInput),
            typeof(TOutput),
            async (provider, inputs, context, cancellationToken) =>
            {
                var input = InputBinder.BindWithErrorCode<TInput>(inputs, descriptor.Reference, errorCode);
                var activity = provider.GetRequiredService<TActivity>();
                var result = await activity.ExecuteAsync(input, context, cancellationToken);
                var outputs = JsonSerializer.SerializeToNode(result.Outputs, ActivityJson.Options) as JsonObject ?? [];
                return new ActivityInvocation(outputs, result.Changed, result.SetVariables);
            }));
    }
}
