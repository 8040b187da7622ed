using System.Text.Json;
using Scraper.Http;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>Reads the stored form of a request (see <see cref="RequestCodec"/>), checking each value as a new request would.</summary>
internal static class StoredRequestReader
{
    public static Request Read(JsonElement root, RequestRegistry registry)
    {
        var version = root.GetProperty("v").GetInt32();
        if (version != RequestCodec.FormatVersion)
        {
            throw new InvalidDataException($"A stored request is of format version {version}; this version of Scraper reads version {RequestCodec.FormatVersion}.");
        }

        var request = new Request(new Uri(root.GetProperty("url").GetString()!, UriKind.Absolute))
        {
            Method = String(root, "method") is { } method ? HttpMethod.Parse(method) : HttpMethod.Get,
            Callback = String(root, "callback") is { } callback ? new ParseCallback(registry.Resolve(callback, "callback")) : default(ParseCallback?),
            Errback = String(root, "errback") is { } errback ? new ErrorCallback(registry.Resolve(errback, "errback")) : default(ErrorCallback?),
            State = root.TryGetProperty("state", out var state) ? ReadState(state, registry) : null,
            Priority = Int(root, "priority"),
            Depth = Int(root, "depth"),
            Session = String(root, "session"),
            DontFilter = Bool(root, "dontFilter") ?? false,
            FollowRedirects = Bool(root, "followRedirects") ?? true,
            Retry = Bool(root, "retry"),
            ObeyRobots = Bool(root, "obeyRobots") ?? true,
            RedirectedFrom = String(root, "redirectedFrom") is { } origin ? new Uri(origin, UriKind.Absolute) : null,
            IncrementalKey = String(root, "incrementalKey"),
            Features = root.TryGetProperty("features", out var features) ? ReadFeatures(features, registry) : RequestFeatures.Empty,
        };

        return ReadTransport(root, request);
    }

    private static Request ReadTransport(JsonElement root, Request request)
    {
        if (root.TryGetProperty("headers", out var headers))
        {
            request = request with { Headers = headers.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.OrdinalIgnoreCase) };
        }

        if (root.TryGetProperty("params", out var parameters))
        {
            request = request with { Params = [.. parameters.EnumerateArray().Select(p => new KeyValuePair<string, string?>(p[0].GetString()!, p[1].GetString()))] };
        }

        if (root.TryGetProperty("cookies", out var cookies))
        {
            request = request with { Cookies = cookies.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal) };
        }

        if (root.TryGetProperty("body", out var body))
        {
            request = request with { Body = new RequestContent(body.GetProperty("bytes").GetBytesFromBase64(), body.GetProperty("type").GetString()!) };
        }

        if (root.TryGetProperty("timeoutTicks", out var timeout))
        {
            request = request with { Timeout = TimeSpan.FromTicks(timeout.GetInt64()) };
        }

        if (root.TryGetProperty("maxResponseSize", out var size))
        {
            request = request with { MaxResponseSize = size.GetInt64() };
        }

        return request;
    }

    private static object? ReadState(JsonElement state, RequestRegistry registry)
    {
        var name = state.GetProperty("type").GetString()!;
        return registry.TryGetState(name, out var entry)
            ? state.GetProperty("value").Deserialize(entry.TypeInfo)
            : throw new RequestNotStorableException($"A stored request carries state of type '{name}', which has no JSON contract in Spider.ConfigureRequests (was it removed?).");
    }

    private static RequestFeatures ReadFeatures(JsonElement features, RequestRegistry registry)
    {
        var bag = RequestFeatures.Empty;
        foreach (var feature in features.EnumerateArray())
        {
            // A feature no longer registered is left out, as an unregistered one is when it is written.
            if (registry.TryGetFeature(feature.GetProperty("type").GetString()!, out var entry) && feature.GetProperty("value").Deserialize(entry.TypeInfo) is { } value)
            {
                bag = entry.AddTo(bag, value);
            }
        }

        return bag;
    }

    private static string? String(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static int Int(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetInt32() : 0;

    private static bool? Bool(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetBoolean() : null;
}
