using System.Net;
using System.Text;
using Scraper.Crawling;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>The headers a rendering takes from its session, and the <see cref="Response"/> it hands the callback.</summary>
internal static class RenderedResponse
{
    // Headers the browser must set itself: its own Accept per resource (a JSON fetch is not a page), its cookies
    // (from the context), and credentials, which would otherwise go to every third-party host the page loads from.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "User-Agent", "Accept", "Accept-Encoding", "Cookie", "Authorization", "Proxy-Authorization", "Host", "Connection", "Content-Length",
    };

    // The body handed on is the serialized DOM, not the bytes the server sent.
    private static readonly HashSet<string> BodyHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding",
    };

    public static Dictionary<string, string> ForwardedHeaders(Session session)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in session.Headers)
        {
            if (!NotForwarded.Contains(name))
            {
                headers[name] = value;
            }
        }

        return headers;
    }

    public static Response Create(Request request, RenderedPage rendered, Session session)
    {
        var headers = rendered.Headers.Where(h => !BodyHeaders.Contains(h.Name)).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        headers.Add(new("Content-Type", "text/html; charset=utf-8"));
        var inner = SessionResponse.Create(new SessionRequest(request.Method, request.Url), (HttpStatusCode)rendered.Status, rendered.Url,
            Encoding.UTF8.GetBytes(rendered.Html), headers, session, rendered.History);
        // The capture rides on the answered request's features: a response has no bag of its own.
        var answered = rendered.Capture is { } capture ? request with { Features = request.Features.With(capture) } : request;
        return new Response(answered, inner);
    }
}
