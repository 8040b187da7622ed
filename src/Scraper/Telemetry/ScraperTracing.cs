using System.Diagnostics;
using Scraper.Crawling;
using Scraper.Http;

namespace Scraper.Telemetry;

/// <summary>
/// The crawl's traces: the <see cref="ActivitySource"/> <c>Scraper</c>, with one <c>scraper.request</c> activity per
/// request taken from the frontier, and under it <c>scraper.download</c> (retries and redirect hops as events, .NET's
/// own <c>System.Net.Http</c> activities as its children) and one <c>scraper.pipeline</c> per item; the callback is the
/// event <c>scraper.callback</c> on the request, where it starts (it runs from there to the request's end, and a
/// callback that fails marks the request failed): an activity of its own cost as much as the download's, and told
/// nothing more. URLs in tags are redacted as in the logs, and no header, cookie or body is ever a tag. Nothing is
/// created while no listener samples the source, and tags are set only on activities that record them.
/// </summary>
public static class ScraperTracing
{
    /// <summary>The name of the activity source (for <c>AddSource("Scraper")</c>).</summary>
    public const string SourceName = "Scraper";

    // An instrument, not state: ActivitySources are process-wide by design (listeners find them by name).
    internal static readonly ActivitySource Source = new(SourceName);

    private const string RequestName = "scraper.request";

    /// <summary>Starts the activity of one request, or returns null when nobody listens.</summary>
    internal static Activity? StartRequest(string spider, Request request, string session)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(RequestName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("scraper.spider", spider);
            activity.SetTag("scraper.session", session);
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("url.full", UrlRedaction.Redact(request.Url));
            activity.SetTag("server.address", request.Url.Host);
            activity.SetTag("scraper.depth", BoxedInts.Of(request.Depth));
        }

        return activity;
    }

    /// <summary>Starts the download of the current request, or returns null when nobody listens.</summary>
    internal static Activity? StartDownload() =>
        Source.HasListeners() && Activity.Current is { } current && current.Source == Source ? Source.StartActivity("scraper.download", ActivityKind.Internal) : null;

    /// <summary>Marks where the current request's callback (or errback) starts; returns the request's activity to mark a failure on.</summary>
    internal static Activity? CallbackStarting()
    {
        var activity = Ours();
        // Stamped now (an event's time is when it is made), with no tags: nothing to allocate but the event's place.
        activity?.AddEvent(new ActivityEvent("scraper.callback"));
        return activity;
    }

    /// <summary>Starts an item's pipeline activity under the request that yielded it; null without a listener or a parent.</summary>
    internal static Activity? StartPipeline(ActivityContext parent, string spider)
    {
        if (parent == default || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("scraper.pipeline", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("scraper.spider", spider);
        }

        return activity;
    }

    /// <summary>The current request's context, to parent work done later for it (an item's pipelines), or default.</summary>
    internal static ActivityContext CurrentRequest()
    {
        for (var activity = Activity.Current; activity is not null && activity.Source == Source; activity = activity.Parent)
        {
            if (activity.OperationName == RequestName)
            {
                return activity.Context;
            }
        }

        return default;
    }

    /// <summary>Adds a retry to the current request's download activity, if one is recorded.</summary>
    internal static void Retrying(string reason, int attempt, TimeSpan delay)
    {
        if (Ours() is { } activity)
        {
            activity.AddEvent(new ActivityEvent("scraper.retry", tags: new ActivityTagsCollection
            {
                ["scraper.retry.reason"] = reason,
                ["scraper.retry.attempt"] = BoxedInts.Of(attempt),
                ["scraper.retry.delay"] = delay.TotalSeconds,
            }));
        }
    }

    /// <summary>Adds a redirect hop to the current request's download activity, if one is recorded.</summary>
    internal static void Redirected(int status, Uri target)
    {
        if (Ours() is { } activity)
        {
            activity.AddEvent(new ActivityEvent("scraper.redirect", tags: new ActivityTagsCollection
            {
                ["http.response.status_code"] = BoxedInts.Of(status),
                ["url.full"] = UrlRedaction.Redact(target),
            }));
        }
    }

    /// <summary>Marks an activity failed with the error's type (never its message, which may hold data from the page).</summary>
    internal static void Failed(Activity? activity, Exception error)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", error.GetType().Name);
        }
    }

    /// <summary>Records the final status of a download; 4xx and 5xx mark it failed, as for an HTTP client span.</summary>
    internal static void Answered(Activity? activity, int status)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.response.status_code", BoxedInts.Of(status));
            if (status >= 400)
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    // Only ever our own activity: an application's activity that happens to be current gets no events from the crawl.
    private static Activity? Ours() => Activity.Current is { IsAllDataRequested: true } current && current.Source == Source ? current : null;
}
