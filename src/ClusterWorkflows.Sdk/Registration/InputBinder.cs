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

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            var messages = results.Select(r => $"{string.Join(",", r.MemberNames.Select(JsonNamingPolicy.CamelCase.ConvertName))}: {r.ErrorMessage}");
            throw new InputBindingException($"invalid inputs for {reference}: {string.Join("; ", messages)}");
        }

        return value;
    }

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
