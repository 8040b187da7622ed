using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>
/// Tells a configuration error from a bug: a failed options check, or a value the binder could not convert
/// (its message names the key and the value). Anything else is not described, so it still surfaces in full.
/// </summary>
internal static class ConfigurationError
{
    private const string ConversionFailed = "Failed to convert configuration value";

    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join("; ", validation.Failures),
        Scraper.Redis.RedisUnavailableException unreachable => unreachable.Message,
        AggregateException aggregate when aggregate.Flatten().InnerExceptions.Select(Describe).ToList() is var reasons && reasons.All(r => r is not null)
            => string.Join("; ", reasons.Distinct(StringComparer.Ordinal)),
        InvalidOperationException conversion when conversion.Message.StartsWith(ConversionFailed, StringComparison.Ordinal) => Conversion(conversion),
        _ => null,
    };

    // "Failed to convert configuration value 'lots' at 'Scraper:ConcurrentRequests' to type 'System.Int32'."
    // becomes "Scraper:ConcurrentRequests 'lots' is not a valid Int32".
    private static string Conversion(InvalidOperationException exception)
    {
        var parts = exception.Message.Split('\'');
        return parts.Length >= 7
            ? $"{parts[3]} '{parts[1]}' is not a valid {parts[5].Split('.')[^1].TrimEnd('\'')}"
            : exception.Message;
    }
}
