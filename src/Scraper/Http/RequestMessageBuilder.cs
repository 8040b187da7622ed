using System.Net.Http.Headers;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>
/// Builds the <see cref="HttpRequestMessage"/> of one hop: the merged headers (H1), the body, the Authorization
/// (A1, A4), the Cookie header from the jar and the request (C8) and the CSRF headers; and checks, after the
/// request hooks ran, that nothing in it could break the request line or add a header (H3, H4).
/// </summary>
internal sealed class RequestMessageBuilder
{
    private readonly SessionOptions _options;
    private readonly SessionHeaders _headers;
    private readonly CookieJar _cookies;
    private readonly CsrfTokens _csrf;

    public RequestMessageBuilder(SessionOptions options, SessionHeaders headers, CookieJar cookies, CsrfTokens csrf)
    {
        _options = options;
        _headers = headers;
        _cookies = cookies;
        _csrf = csrf;
    }

    /// <summary>
    /// Checks every header of a message before it is sent: values set through the session were checked when set,
    /// but a request hook may add anything. Throws <see cref="InvalidHeaderException"/>, so nothing reaches the wire.
    /// </summary>
    public static void EnsureSendable(HttpRequestMessage message)
    {
        EnsureSendable(message.Headers.NonValidated);
        if (message.Content is not null)
        {
            EnsureSendable(message.Content.Headers.NonValidated);
        }
    }

    public HttpRequestMessage Build(HopState hop, AuthenticationHeaderValue? authorization)
    {
        var message = new HttpRequestMessage(hop.Method, WireUrl.ForWire(hop.Url))
        {
            Version = _options.HttpVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        if (hop.Content is { } content)
        {
            message.Content = content.ToHttpContent();
        }

        string? manualCookie = null;
        foreach (var (name, value) in hop.Headers)
        {
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                manualCookie = value;
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value) && message.Content is not null)
            {
                // Content-* headers belong to the content; a caller's Content-Type replaces the body's own.
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (authorization is not null)
        {
            message.Headers.Authorization = authorization;
        }

        if (CookieHeader.Build(_cookies.GetCookies(hop.Url), hop.OwnOriginCookies, manualCookie) is { } cookieHeader)
        {
            message.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        }

        if (!HttpMethods.IsSafe(hop.Method))
        {
            _csrf.Apply(message, hop.Url);
        }

        return message;
    }

    public List<KeyValuePair<string, string>> MergeHeaders(SessionRequest request)
    {
        var session = _headers.Snapshot();
        var merged = new List<KeyValuePair<string, string>>(session.Length + request.Headers.Count);
        foreach (var header in session)
        {
            if (!request.Headers.ContainsKey(header.Key))
            {
                merged.Add(header);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (value is not null)
            {
                merged.Add(new(name, value));
            }
        }

        return merged;
    }

    private static void EnsureSendable(HttpHeadersNonValidated headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                HeaderRules.Ensure(name, value);
            }
        }
    }
}
