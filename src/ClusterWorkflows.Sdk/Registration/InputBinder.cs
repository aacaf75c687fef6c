using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Registration;

/// <summary>Thrown when evaluated inputs do not fit the activity's input record. Never retried.</summary>
public sealed class InputBindingException(string message)
    : NonRetryableActivityException("inputs.invalid", message);

/// <summary>Binds evaluated JSON inputs to an input record and enforces its validation attributes.</summary>
public static class InputBinder
{
    public static T Bind<T>(JsonObject inputs, string reference)
        where T : class => BindWithErrorCode<T>(inputs, reference, errorCode: null);

    /// <summary>
    /// <paramref name="errorCode"/>: the activity's own code for rejected inputs
    /// (<see cref="ActivityAttribute.InputErrorCode"/>); null throws <see cref="InputBindingException"/>.
    /// </summary>
    public static T BindWithErrorCode<T>(JsonObject inputs, string reference, string? errorCode)
        where T : class
    {
        try
        {
            return BindOrThrow<T>(inputs, reference);
        }
        catch (InputBindingException ex) when (errorCode is not null)
        {
            throw new NonRetryableActivityException(errorCode, ex.Message, ex);
        }
    }

    private static T BindOrThrow<T>(JsonObject inputs, string reference)
        where T : class
    {
        T? value;
        try
        {
            value = inputs.Deserialize<T>(ActivityJson.Options);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
            throw new InputBindingException($"invalid inputs for {reference}{field}: {FirstLine(ex.Message)}");
        }

        if (value is null)
        {
            throw new InputBindingException($"invalid inputs for {reference}: null");
        }

        var messages = new List<string>();
        Validate(value, "", messages, depth: 0);
        if (messages.Count > 0)
        {
            throw new InputBindingException($"invalid inputs for {reference}: {string.Join("; ", messages)}");
        }

        return value;
    }

    /// <summary>
    /// DataAnnotations validates one object; nested input records (a shared <c>connection</c>
    /// object, say) are validated too, their fields named with a dotted path.
    /// </summary>
    private static void Validate(object value, string prefix, List<string> messages, int depth)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            messages.AddRange(results.Select(r => $"{prefix}{string.Join(",", r.MemberNames.Select(JsonNamingPolicy.CamelCase.ConvertName))}: {r.ErrorMessage}"));
        }

        if (depth >= 8)
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (property.GetIndexParameters().Length > 0 || !type.IsClass || type == typeof(string)
                || typeof(System.Collections.IEnumerable).IsAssignableFrom(type) || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type))
            {
                continue;
            }

            if (property.GetValue(value) is { } nested)
            {
                Validate(nested, $"{prefix}{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}.", messages, depth + 1);
            }
        }
    }

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
