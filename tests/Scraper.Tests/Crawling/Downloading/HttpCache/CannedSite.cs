using System.Net;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

/// <summary>
/// The rest of the pipeline, faked: answers each request it is given with the current canned answer and
/// remembers the requests, so a test sees what reached the site and with which headers.
/// </summary>
internal sealed class CannedSite
{
    private readonly List<Request> _received = [];

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string Body { get; set; } = "<html><body>page</body></html>";

    public List<KeyValuePair<string, string>> Headers { get; set; } = [new("Content-Type", "text/html; charset=utf-8")];

    public Uri? FinalUrl { get; set; }

    public IReadOnlyList<Request> Received => _received;

    public ValueTask<Response> Next(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        _received.Add(request);
        return ValueTask.FromResult(Response.Create(request, Status, System.Text.Encoding.UTF8.GetBytes(Body), [.. Headers], FinalUrl, context.Session));
    }

    public string? SentHeader(int index, string name) =>
        _received[index].Headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
