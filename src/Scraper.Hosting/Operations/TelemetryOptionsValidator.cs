using Microsoft.Extensions.Options;

namespace Scraper.Hosting.Operations;

/// <summary>Checks <c>Scraper:Telemetry</c> at start, naming the key of a bad value.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private const string Prefix = "Scraper:" + TelemetryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && OtlpEndpointOf(options) is null)
        {
            failures.Add($"{Prefix}:OtlpEndpoint '{options.OtlpEndpoint}' must be an absolute http or https address (an OTLP/HTTP collector, such as http://127.0.0.1:4318).");
        }

        if (!string.IsNullOrWhiteSpace(options.PrometheusUrl) && PrometheusOf(options) is null)
        {
            failures.Add($"{Prefix}:PrometheusUrl '{options.PrometheusUrl}' must be an absolute http address with a path, such as http://127.0.0.1:9464/metrics.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add($"{Prefix}:ServiceName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static Uri? OtlpEndpointOf(TelemetryOptions options) =>
        Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) ? uri : null;

    /// <summary>The host, port and scrape path of the Prometheus URL, or null when it is not one.</summary>
    internal static (string Host, int Port, string Path)? PrometheusOf(TelemetryOptions options) =>
        Uri.TryCreate(options.PrometheusUrl, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.AbsolutePath.Length > 1 && string.IsNullOrEmpty(uri.Query)
            ? (uri.Host, uri.Port, uri.AbsolutePath)
            : null;
}
