using System.Text.Json;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>Writes the stored form of a request (see <see cref="RequestCodec"/>); the property names are the format.</summary>
internal static class StoredRequestWriter
{
    public static void Write(Utf8JsonWriter writer, Request request, RequestRegistry registry)
    {
        if (request.Auth is not null)
        {
            throw new RequestNotStorableException($"The request {request} has credentials of its own (Request.Auth), which are never written to a job file. Set them on the session (ConfigureSessions) instead.");
        }

        writer.WriteStartObject();
        writer.WriteNumber("v", RequestCodec.FormatVersion);
        writer.WriteString("url", request.Url.AbsoluteUri);
        if (request.Method != HttpMethod.Get)
        {
            writer.WriteString("method", request.Method.Method);
        }

        WriteCallbacks(writer, request, registry);
        WriteState(writer, request, registry);
        WriteTransport(writer, request);
        WriteScheduling(writer, request);
        WriteFeatures(writer, request.Features, registry);
        writer.WriteEndObject();
    }

    private static void WriteCallbacks(Utf8JsonWriter writer, Request request, RequestRegistry registry)
    {
        if (request.Callback is { } callback)
        {
            writer.WriteString("callback", registry.NameOf(callback.Target, "callback"));
        }

        if (request.Errback is { } errback)
        {
            writer.WriteString("errback", registry.NameOf(errback.Target, "errback"));
        }
    }

    private static void WriteState(Utf8JsonWriter writer, Request request, RequestRegistry registry)
    {
        if (request.State is not { } state)
        {
            return;
        }

        if (!registry.TryGetState(state.GetType(), out var entry))
        {
            throw new RequestNotStorableException(
                $"The state of {request} is a {state.GetType().FullName}, which has no JSON contract to store it with. " +
                "Add one in Spider.ConfigureRequests: requests.AddState(MyJsonContext.Default.MyState).");
        }

        writer.WriteStartObject("state");
        writer.WriteString("type", entry.Name);
        writer.WritePropertyName("value");
        JsonSerializer.Serialize(writer, state, entry.TypeInfo);
        writer.WriteEndObject();
    }

    private static void WriteTransport(Utf8JsonWriter writer, Request request)
    {
        if (request.Headers.Count > 0)
        {
            writer.WriteStartObject("headers");
            foreach (var (name, value) in request.Headers)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        if (request.Params.Count > 0)
        {
            writer.WriteStartArray("params");
            foreach (var (name, value) in request.Params)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStringValue(value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        if (request.Cookies.Count > 0)
        {
            writer.WriteStartObject("cookies");
            foreach (var (name, value) in request.Cookies)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        if (request.Body is { } body)
        {
            writer.WriteStartObject("body");
            writer.WriteString("type", body.ContentType);
            writer.WriteBase64String("bytes", body.Bytes.Span);
            writer.WriteEndObject();
        }

        if (request.Timeout is { } timeout)
        {
            writer.WriteNumber("timeoutTicks", timeout.Ticks);
        }

        if (request.MaxResponseSize is { } size)
        {
            writer.WriteNumber("maxResponseSize", size);
        }
    }

    private static void WriteScheduling(Utf8JsonWriter writer, Request request)
    {
        if (request.Priority != 0)
        {
            writer.WriteNumber("priority", request.Priority);
        }

        if (request.Depth != 0)
        {
            writer.WriteNumber("depth", request.Depth);
        }

        if (request.Session is { } session)
        {
            writer.WriteString("session", session);
        }

        if (request.DontFilter)
        {
            writer.WriteBoolean("dontFilter", true);
        }

        if (!request.FollowRedirects)
        {
            writer.WriteBoolean("followRedirects", false);
        }

        if (request.Retry is { } retry)
        {
            writer.WriteBoolean("retry", retry);
        }

        if (!request.ObeyRobots)
        {
            writer.WriteBoolean("obeyRobots", false);
        }

        if (request.RedirectedFrom is { } origin)
        {
            writer.WriteString("redirectedFrom", origin.AbsoluteUri);
        }

        if (request.IncrementalKey is { } key)
        {
            writer.WriteString("incrementalKey", key);
        }
    }

    private static void WriteFeatures(Utf8JsonWriter writer, RequestFeatures features, RequestRegistry registry)
    {
        var started = false;
        foreach (var (type, feature) in features)
        {
            // Only features registered as storable survive; the rest belong to this process (documented on the registry).
            if (!registry.TryGetFeature(type, out var entry))
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("features");
                started = true;
            }

            writer.WriteStartObject();
            writer.WriteString("type", entry.Name);
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, feature, entry.TypeInfo);
            writer.WriteEndObject();
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }
}
