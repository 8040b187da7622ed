namespace Scraper.Hosting.Operations;

/// <summary>
/// OpenTelemetry export of the worker's metrics (meter <c>Scraper</c>) and traces (source <c>Scraper</c>, with .NET's
/// HTTP client activities under them), bound from <c>Scraper:Telemetry</c>. Off unless an address is set: with
/// neither, no OpenTelemetry provider is registered at all.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section, under <c>Scraper</c>.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Gets or sets the OTLP/HTTP (protobuf) collector metrics and traces are sent to, for example
    /// <c>http://127.0.0.1:4318</c>; <c>/v1/metrics</c> and <c>/v1/traces</c> are added.
    /// </summary>
    /// <value>The default value is null: no OTLP export.</value>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Gets or sets where a Prometheus scrape endpoint is served, for example <c>http://127.0.0.1:9464/metrics</c>
    /// (a loopback address unless the metrics may be read by anyone who reaches the port).
    /// </summary>
    /// <value>The default value is null: no scrape endpoint.</value>
    public string? PrometheusUrl { get; set; }

    /// <summary>Gets or sets the <c>service.name</c> the telemetry is reported under.</summary>
    /// <value>The default value is <c>scraper</c>.</value>
    public string ServiceName { get; set; } = "scraper";

    internal bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint) || !string.IsNullOrWhiteSpace(PrometheusUrl);
}
