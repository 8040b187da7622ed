using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scraper.Telemetry;

namespace Scraper.CrawlBench;

/// <summary>
/// Metrics and traces on, as an operator turns them on in the hosted worker (<c>Scraper:Telemetry:OtlpEndpoint</c>,
/// see src/Scraper.Hosting/Operations/ScraperTelemetry.cs): the meter <c>Scraper</c> and the activity sources
/// <c>Scraper</c> and <c>System.Net.Http</c>, every trace sampled, exported over OTLP/HTTP (protobuf). The export
/// interval is the SDK's, so <c>OTEL_METRIC_EXPORT_INTERVAL</c> sets it as for the worker.
/// </summary>
internal sealed class BenchTelemetry(MeterProvider metrics, TracerProvider traces) : IDisposable
{
    public static BenchTelemetry Start(Uri endpoint)
    {
        var resource = ResourceBuilder.CreateDefault().AddService("scraper-crawlbench");
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(ScraperMetrics.MeterName)
            .AddOtlpExporter(exporter => Configure(exporter, endpoint, "v1/metrics"))
            .Build();
        var traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(ScraperTracing.SourceName)
            .AddSource("System.Net.Http")
            .AddOtlpExporter(exporter => Configure(exporter, endpoint, "v1/traces"))
            .Build();
        return new BenchTelemetry(metrics, traces);
    }

    /// <summary>Exports what is left (the last metrics, the last batch of spans) and stops.</summary>
    public void Dispose()
    {
        traces.Dispose();
        metrics.Dispose();
    }

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, string signalPath)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
