using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scraper.Telemetry;

namespace Scraper.Hosting.Operations;

/// <summary>
/// Registers OpenTelemetry when <c>Scraper:Telemetry</c> names an exporter, and nothing otherwise: a worker without
/// it has no provider, no listener on the meter or the activity source, and so measures nothing.
/// </summary>
internal static class ScraperTelemetry
{
    public static void AddIfConfigured(IServiceCollection services, IConfiguration section)
    {
        var options = new TelemetryOptions();
        section.Bind(options);
        if (!options.Enabled)
        {
            return;
        }

        // A bad address registers no exporter here; the validator stops the host at start naming the key.
        var otlp = TelemetryOptionsValidator.OtlpEndpointOf(options);
        var prometheus = TelemetryOptionsValidator.PrometheusOf(options);
        var builder = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(options.ServiceName));
        builder.WithMetrics(metrics =>
        {
            metrics.AddMeter(ScraperMetrics.MeterName);
            if (otlp is not null)
            {
                metrics.AddOtlpExporter(exporter => Configure(exporter, otlp, "v1/metrics"));
            }

            if (prometheus is { } scrape)
            {
                metrics.AddPrometheusHttpListener(listener =>
                {
                    listener.Host = scrape.Host;
                    listener.Port = scrape.Port;
                    listener.ScrapeEndpointPath = scrape.Path;
                });
            }
        });
        if (otlp is not null)
        {
            // .NET's HTTP client activities (System.Net.Http) are children of the crawl's download activities.
            // The SDK's batching is kept (checked against the benchmark crawl): spans go in batches of up to 512 from a
            // queue of 2,048, at the latest every 5 s, and metrics every 60 s; OTEL_BSP_* and OTEL_METRIC_EXPORT_INTERVAL
            // change them. At a few spans a page a batch fills in a fraction of a second, so a crawl exports a request
            // per 512 spans (the export thread was under 1% of the crawler's CPU samples), and a collector that falls
            // behind loses spans from the full queue rather than holding the crawl's memory.
            builder.WithTracing(tracing => tracing
                .AddSource(ScraperTracing.SourceName)
                .AddSource("System.Net.Http")
                .AddOtlpExporter(exporter => Configure(exporter, otlp, "v1/traces")));
        }
    }

    // An endpoint set in code is used as it is: the signal's path is added here, as the exporter does for OTEL_EXPORTER_OTLP_ENDPOINT.
    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, string signalPath)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
