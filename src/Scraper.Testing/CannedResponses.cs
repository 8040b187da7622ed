using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Scraper.Testing;

/// <summary>
/// A handler that answers from a table of canned responses by absolute URL (query included, fragment ignored),
/// so a spider's parsing and following can be tested with no server at all. Unknown URLs answer 404.
/// </summary>
public sealed class CannedResponses : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpResponseMessage>> _answers = new(StringComparer.Ordinal);

    /// <summary>Answers a URL with an HTML page.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="html">The page.</param>
    /// <param name="status">The status code.</param>
    /// <returns>This table, for chaining.</returns>
    public CannedResponses Html(string url, string html, HttpStatusCode status = HttpStatusCode.OK) =>
        Add(url, () => new HttpResponseMessage(status) { Content = new StringContent(html, Encoding.UTF8, "text/html") });

    /// <summary>Answers a URL with a value as JSON.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="value">The value, serialized with web defaults.</param>
    /// <returns>This table, for chaining.</returns>
    public CannedResponses Json(string url, object value) =>
        Add(url, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        });

    /// <summary>Answers a URL with text of any media type (robots.txt, XML sitemaps).</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="text">The body.</param>
    /// <param name="mediaType">The media type.</param>
    /// <returns>This table, for chaining.</returns>
    public CannedResponses Text(string url, string text, string mediaType) =>
        Add(url, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, mediaType) });

    /// <summary>Answers a URL with raw bytes (a gzip file, an image, a page in another charset).</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The Content-Type header value.</param>
    /// <returns>This table, for chaining.</returns>
    public CannedResponses Bytes(string url, byte[] body, string contentType) =>
        Add(url, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) } },
        });

    /// <summary>Answers a URL with a bare status (and a Location for redirects).</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="status">The status.</param>
    /// <param name="location">The redirect target, if any.</param>
    /// <returns>This table, for chaining.</returns>
    public CannedResponses Status(string url, HttpStatusCode status, string? location = null) =>
        Add(url, () =>
        {
            var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
            if (location is not null)
            {
                response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            }

            return response;
        });

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = Key(request.RequestUri!);
        var response = _answers.TryGetValue(key, out var answer)
            ? answer()
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"No canned response for {key}") };
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    private CannedResponses Add(string url, Func<HttpResponseMessage> answer)
    {
        _answers[Key(new Uri(url, UriKind.Absolute))] = answer;
        return this;
    }

    // Read again from its text: a target sent with invalid escapes as written refuses GetComponents for its path.
    private static string Key(Uri url) => new Uri(url.AbsoluteUri).GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
}
